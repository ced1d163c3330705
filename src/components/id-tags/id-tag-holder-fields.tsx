'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';

import { TextField } from '@/components/forms/text-field';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import type { ApiError } from '@/lib/api-client';

/** A member of one of the owner's sites a tag can be assigned to. */
export interface TagMemberOption {
  id: string;
  email: string;
  site_name: string;
  role: string;
}

const MembersContext = React.createContext<TagMemberOption[]>([]);

/** The owner's site members, for the holder fields anywhere below (add form, edit dialogs, table). */
export function IdTagMembersProvider({ members, children }: { members: TagMemberOption[]; children: React.ReactNode }) {
  return <MembersContext.Provider value={members}>{children}</MembersContext.Provider>;
}

export const useTagMembers = () => React.useContext(MembersContext);

/** The holder's name for a tag row: the member's address and site, or the free text. */
export function TagHolder({ memberId, holder }: { memberId: string | null; holder: string | null }) {
  const member = useTagMembers().find((m) => m.id === memberId);
  if (member) return <div className="text-xs text-muted-foreground">{`${member.email} (${member.site_name})`}</div>;
  return holder ? <div className="text-xs text-muted-foreground">{holder}</div> : null;
}

/** Whose the tag is: a member of one of the owner's sites, or free text for someone without an account. */
export function IdTagHolderFields({ prefix, initial, error }: { prefix: string; initial?: { holder: string | null; member_id: string | null }; error?: ApiError }) {
  const t = useTranslations('idTagHolder');
  const members = useTagMembers();
  const memberError = error?.fieldErrors.member_id;
  return (
    <>
      <div className="grid gap-2">
        <Label htmlFor={`${prefix}-member`}>{t('driver')}</Label>
        <NativeSelect id={`${prefix}-member`} name="member_id" defaultValue={initial?.member_id ?? ''} wrapperClassName="w-full" aria-invalid={memberError ? true : undefined}>
          <NativeSelectOption value="">{t('nobody')}</NativeSelectOption>
          {members.map((m) => (
            <NativeSelectOption key={m.id} value={m.id}>
              {t('memberOption', { email: m.email, site: m.site_name })}
            </NativeSelectOption>
          ))}
        </NativeSelect>
        <p className="text-sm text-muted-foreground">{t('driverHint')}</p>
        {memberError && (
          <p role="alert" className="text-sm text-destructive">
            {memberError}
          </p>
        )}
      </div>
      <TextField
        id={`${prefix}-holder`}
        name="holder"
        label={t('holder')}
        maxLength={100}
        defaultValue={initial?.holder ?? ''}
        placeholder={t('holderPlaceholder')}
        hint={t('holderHint')}
        error={error?.fieldErrors.holder}
      />
    </>
  );
}

/** The holder fields of a form as the API's body. */
export function holderBody(form: FormData) {
  const text = (v: FormDataEntryValue | null) => String(v ?? '').trim();
  return { holder: text(form.get('holder')) || null, member_id: text(form.get('member_id')) || null };
}
