'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';

import { DateTime } from '@/components/date-time';
import { FormError } from '@/components/forms/form-error';
import { useApiAction } from '@/components/forms/use-api-action';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { callApi } from '@/lib/api-client';
import type { PlanSource } from '@/server/plans/limits';
import { RemoveOwnAdminButton } from './remove-own-admin-button';

const TIERS = ['free', 'basic', 'pro'] as const;
type Tier = (typeof TIERS)[number];

export interface AdminUserRow {
  id: string;
  email: string;
  name: string | null;
  role: 'user' | 'admin';
  /** What an administrator granted (changed here). */
  tier: Tier;
  /** The plan in effect (the higher of the grant, a trial, a subscription or the installation's plan). */
  plan_tier: Tier;
  plan_source: PlanSource;
  is_approved: boolean;
  created_at: string;
}

const capitalized = (tier: Tier) => tier.charAt(0).toUpperCase() + tier.slice(1);

type UserChanges = Partial<Pick<AdminUserRow, 'role' | 'tier' | 'is_approved'>>;

/** Every account, with approval, role and tier controls. One change at a time. */
function UsersTable({ users, currentUserId }: { users: AdminUserRow[]; currentUserId: string }) {
  const t = useTranslations('adminUsers');
  const planSource = useTranslations('planSource');
  const router = useRouter();
  const { pending, error, run } = useApiAction();

  async function update(user: AdminUserRow, changes: UserChanges, done: string) {
    const result = await run(() => callApi('PATCH', `/api/admin/users/${encodeURIComponent(user.id)}`, changes));
    if (result.ok) {
      toast.success(done);
      router.refresh();
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <FormError error={error} title={t('changeFailed')} />
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead scope="col">{t('email')}</TableHead>
            <TableHead scope="col">{t('name')}</TableHead>
            <TableHead scope="col">{t('role')}</TableHead>
            <TableHead scope="col">{t('plan')}</TableHead>
            <TableHead scope="col">{t('grantedTier')}</TableHead>
            <TableHead scope="col">{t('approved')}</TableHead>
            <TableHead scope="col">{t('created')}</TableHead>
            <TableHead scope="col">
              <span className="sr-only">{t('actions')}</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.map((user) => {
            const isSelf = user.id === currentUserId;
            return (
              <TableRow key={user.id}>
                <TableCell wrap className="font-medium">
                  {user.email}
                  {isSelf && <span className="ml-1 text-muted-foreground">{t('you')}</span>}
                </TableCell>
                <TableCell wrap>{user.name ?? <span className="text-muted-foreground">—</span>}</TableCell>
                <TableCell>
                  <Badge variant={user.role === 'admin' ? 'default' : 'outline'}>
                    {user.role === 'admin' ? t('roleAdmin') : t('roleUser')}
                  </Badge>
                </TableCell>
                <TableCell data-testid="plan-in-effect">
                  <span className="font-medium">{capitalized(user.plan_tier)}</span>
                  <span className="block text-xs text-muted-foreground">{planSource(user.plan_source)}</span>
                </TableCell>
                <TableCell>
                  <Label htmlFor={`tier-${user.id}`} className="sr-only">
                    {t('grantedTierOf', { email: user.email })}
                  </Label>
                  <NativeSelect
                    id={`tier-${user.id}`}
                    size="sm"
                    value={user.tier}
                    disabled={pending}
                    onChange={(event) =>
                      void update(user, { tier: event.target.value as Tier }, t('nowOn', { email: user.email, tier: event.target.value }))
                    }
                  >
                    {TIERS.map((tier) => (
                      <NativeSelectOption key={tier} value={tier}>
                        {capitalized(tier)}
                      </NativeSelectOption>
                    ))}
                  </NativeSelect>
                </TableCell>
                <TableCell>
                  <Badge variant={user.is_approved ? 'secondary' : 'outline'}>
                    {user.is_approved ? t('approvedBadge') : t('waiting')}
                  </Badge>
                </TableCell>
                <TableCell>
                  <DateTime value={user.created_at} />
                </TableCell>
                <TableCell>
                  <div className="flex justify-end gap-2">
                    <Button
                      variant="outline"
                      size="sm"
                      disabled={pending}
                      aria-label={t(user.is_approved ? 'unapproveLabel' : 'approveLabel', { email: user.email })}
                      onClick={() =>
                        void update(
                          user,
                          { is_approved: !user.is_approved },
                          t(user.is_approved ? 'unapproved' : 'approvedDone', { email: user.email }),
                        )
                      }
                    >
                      {user.is_approved ? t('unapprove') : t('approve')}
                    </Button>
                    {isSelf && user.role === 'admin' ? (
                      <RemoveOwnAdminButton
                        disabled={pending}
                        onConfirm={() => update(user, { role: 'user' }, t('noLongerAdminSelf'))}
                      />
                    ) : (
                      <Button
                        variant="outline"
                        size="sm"
                        disabled={pending}
                        aria-label={t(user.role === 'admin' ? 'removeAdminLabel' : 'makeAdminLabel', { email: user.email })}
                        onClick={() =>
                          void update(
                            user,
                            { role: user.role === 'admin' ? 'user' : 'admin' },
                            t(user.role === 'admin' ? 'noLongerAdmin' : 'nowAdmin', { email: user.email }),
                          )
                        }
                      >
                        {user.role === 'admin' ? t('removeAdmin') : t('makeAdmin')}
                      </Button>
                    )}
                  </div>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

export { UsersTable };
