'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { MailIcon, Trash2Icon } from 'lucide-react';
import { toast } from 'sonner';

import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import { useFormats } from '@/i18n/formats';
import { callApi } from '@/lib/api-client';

export interface MemberRow {
  id: string;
  email: string;
  name: string | null;
  role: 'manager' | 'driver';
  status: 'active' | 'invited' | 'expired';
  invite_expires_at: string | null;
  this_month: { energy_wh: number; sessions: number; cost: { currency: string; amount: number }[] };
}

/** This month of a member: energy, cost and sessions ("4.5 kWh · 1.35 CHF (1 session)"). */
function useMonthSummary() {
  const t = useTranslations('members');
  const f = useFormats();
  return (m: MemberRow['this_month']) =>
    t('monthSummary', {
      energy: f.energyKwh(m.energy_wh / 1000, 1),
      cost: m.cost.length ? ` · ${m.cost.map((c) => `${f.fixed(c.amount, 2)} ${c.currency}`).join(' + ')}` : '',
      count: m.sessions,
    });
}

/** The role select of a member: saved on change (owner only). */
function RoleSelect({ siteId, member }: { siteId: string; member: MemberRow }) {
  const router = useRouter();
  const t = useTranslations('members');
  const { pending, error, run } = useApiAction();
  return (
    <div className="grid gap-1">
      <NativeSelect
        aria-label={t('roleOf', { email: member.email })}
        defaultValue={member.role}
        disabled={pending}
        onChange={async (event) => {
          const role = event.currentTarget.value;
          const result = await run(() => callApi('PATCH', `/api/sites/${siteId}/members/${member.id}`, { role }));
          if (result.ok) {
            toast.success(role === 'manager' ? t('nowManager', { email: member.email }) : t('nowDriver', { email: member.email }));
            router.refresh();
          }
        }}
      >
        <NativeSelectOption value="driver">{t('driver')}</NativeSelectOption>
        <NativeSelectOption value="manager">{t('manager')}</NativeSelectOption>
      </NativeSelect>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error.detail}
        </p>
      )}
    </div>
  );
}

function ResendButton({ siteId, member }: { siteId: string; member: MemberRow }) {
  const router = useRouter();
  const t = useTranslations('members');
  const { pending, error, run } = useApiAction();
  return (
    <>
      <Button
        variant="ghost"
        size="icon"
        disabled={pending}
        aria-label={t('resendTo', { email: member.email })}
        title={t('sendAgain')}
        onClick={async () => {
          const result = await run(() => callApi('POST', `/api/sites/${siteId}/members/${member.id}/resend`));
          if (result.ok) {
            toast.success(t('resent', { email: member.email }));
            router.refresh();
          }
        }}
      >
        <MailIcon aria-hidden="true" />
      </Button>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error.detail}
        </p>
      )}
    </>
  );
}

function InviteForm({ siteId, siteName }: { siteId: string; siteName: string }) {
  const router = useRouter();
  const t = useTranslations('members');
  const { pending, error, run } = useApiAction();
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const result = await run(() => callApi<{ status: string }>('POST', `/api/sites/${siteId}/members`, { email, role: String(data.get('role')) }));
    if (result.ok) {
      form.reset();
      toast.success(result.data.status === 'active' ? t('addedExisting', { email }) : t('invitationSent', { email }));
      router.refresh();
    }
  }
  const roleError = error?.fieldErrors.role;
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3" aria-label={t('inviteTo', { site: siteName })}>
      <FormError error={error} fields={['email', 'role']} title={t('inviteFailed')} />
      <TextField id={`invite-${siteId}-email`} name="email" type="email" label={t('email')} autoComplete="off" error={error?.fieldErrors.email} />
      <div className="grid gap-2">
        <Label htmlFor={`invite-${siteId}-role`}>{t('role')}</Label>
        <NativeSelect id={`invite-${siteId}-role`} name="role" defaultValue="driver" wrapperClassName="w-full" aria-invalid={roleError ? true : undefined}>
          <NativeSelectOption value="driver">{t('driver')}</NativeSelectOption>
          <NativeSelectOption value="manager">{t('manager')}</NativeSelectOption>
        </NativeSelect>
        <p className="text-sm text-muted-foreground">{t('roleHint')}</p>
        {roleError && (
          <p role="alert" className="text-sm text-destructive">
            {roleError}
          </p>
        )}
      </div>
      <SubmitButton pending={pending} pendingLabel={t('inviting')}>
        {t('invite')}
      </SubmitButton>
    </form>
  );
}

/**
 * A site's members: role, status, this month's energy and cost per member;
 * the owner also invites, changes roles, resends and revokes invitations and
 * removes members (their id tags are blocked).
 */
export function SiteMembers({ siteId, siteName, members, canEdit }: { siteId: string; siteName: string; members: MemberRow[]; canEdit: boolean }) {
  const router = useRouter();
  const t = useTranslations('members');
  const month = useMonthSummary();
  return (
    <div className="flex flex-col gap-4">
      {members.length === 0 && <p className="text-sm text-muted-foreground">{t('noMembers')}</p>}
      <ul aria-label={t('membersOf', { site: siteName })} className="flex flex-col gap-2 text-sm">
        {members.map((m) => (
          <li key={`${m.id}:${m.role}:${m.status}:${m.invite_expires_at}`} className="flex flex-wrap items-start justify-between gap-2 rounded-md border p-3">
            <div className="min-w-0 pt-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium break-all">{m.name ? `${m.name} (${m.email})` : m.email}</span>
                {m.status === 'invited' && <Badge variant="secondary">{t('invited')}</Badge>}
                {m.status === 'expired' && <Badge variant="destructive">{t('invitationExpired')}</Badge>}
                {!canEdit && <Badge variant="outline">{m.role === 'manager' ? t('manager') : t('driver')}</Badge>}
              </div>
              <div className="text-muted-foreground">{t('thisMonth', { summary: month(m.this_month) })}</div>
            </div>
            {canEdit && (
              <div className="flex shrink-0 items-start gap-1">
                <RoleSelect siteId={siteId} member={m} />
                {m.status !== 'active' && <ResendButton siteId={siteId} member={m} />}
                <ConfirmActionDialog
                  trigger={
                    <Button variant="ghost" size="icon" aria-label={m.status === 'active' ? t('removeNamed', { email: m.email }) : t('revokeNamed', { email: m.email })} title={t('remove')}>
                      <Trash2Icon aria-hidden="true" />
                    </Button>
                  }
                  title={m.status === 'active' ? t('removeTitle', { email: m.email, site: siteName }) : t('revokeTitle', { email: m.email })}
                  description={
m.status === 'active' ? t('removeBody') : t('revokeBody')
                  }
                  confirmLabel={m.status === 'active' ? t('remove') : t('revoke')}
                  pendingLabel={t('removing')}
                  errorTitle={t('removeFailed')}
                  action={() => callApi('DELETE', `/api/sites/${siteId}/members/${m.id}`)}
                  onDone={() => {
                    toast.success(t('removed', { email: m.email }));
                    router.refresh();
                  }}
                />
              </div>
            )}
          </li>
        ))}
      </ul>
      {canEdit && (
        <>
          <h3 className="pt-2 text-sm font-medium">{t('inviteSomeone')}</h3>
          <InviteForm siteId={siteId} siteName={siteName} />
        </>
      )}
    </div>
  );
}
