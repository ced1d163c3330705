'use client';

import { useTranslations } from 'next-intl';
import { TextField } from '@/components/forms/text-field';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import type { ApiError } from '@/lib/api-client';
import { holderBody, IdTagHolderFields } from './id-tag-holder-fields';

/** The OCPP authorization statuses an id tag can have (as the API's `status`). */
export const ID_TAG_STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid'] as const;
export const ID_TAG_FIELDS = ['tag', 'label', 'status', 'expires_at', 'parent_tag', 'holder', 'member_id'];

export interface IdTagRow {
  id: string;
  tag: string;
  label: string | null;
  status: string;
  expires_at: string | null;
  parent_tag: string | null;
  holder: string | null;
  member_id: string | null;
}

/** An ISO time as a `datetime-local` value in the browser's time zone. */
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

const text = (v: FormDataEntryValue | null) => String(v ?? '').trim();

/** The editable fields of a form as the API's body; a bad expiry goes as typed so the server names the field. */
export function idTagBody(form: FormData) {
  const expires = text(form.get('expires_at'));
  const date = new Date(expires);
  return {
    label: text(form.get('label')) || null,
    status: text(form.get('status')),
    expires_at: expires === '' ? null : Number.isNaN(date.getTime()) ? expires : date.toISOString(),
    parent_tag: text(form.get('parent_tag')) || null,
    ...holderBody(form),
  };
}

/** Label, status, expiry and parent tag of an id tag (shared by the add form and the edit dialog). */
function IdTagFields({ prefix, initial, error, tags }: { prefix: string; initial?: IdTagRow; error?: ApiError; tags: string[] }) {
  const statusError = error?.fieldErrors.status;
  const t = useTranslations('idTags');
  return (
    <>
      <TextField id={`${prefix}-label`} name="label" label={t('label')} maxLength={100} defaultValue={initial?.label ?? ''} placeholder={t('labelPlaceholder')} error={error?.fieldErrors.label} />
      <div className="grid gap-2">
        <Label htmlFor={`${prefix}-status`}>{t('status')}</Label>
        <NativeSelect
          id={`${prefix}-status`}
          name="status"
          defaultValue={initial?.status ?? 'Accepted'}
          wrapperClassName="w-full"
          aria-invalid={statusError ? true : undefined}
        >
          {ID_TAG_STATUSES.map((s) => (
            <NativeSelectOption key={s} value={s}>
              {s}
            </NativeSelectOption>
          ))}
        </NativeSelect>
        {statusError && (
          <p role="alert" className="text-sm text-destructive">
            {statusError}
          </p>
        )}
      </div>
      <TextField
        id={`${prefix}-expires`}
        name="expires_at"
        label={t('expires')}
        type="datetime-local"
        defaultValue={toLocalInput(initial?.expires_at ?? null)}
        hint={t('expiresHint')}
        error={error?.fieldErrors.expires_at}
      />
      <TextField
        id={`${prefix}-parent`}
        name="parent_tag"
        label={t('parent')}
        maxLength={20}
        list={`${prefix}-parent-options`}
        autoComplete="off"
        defaultValue={initial?.parent_tag ?? ''}
        hint={t('parentHint')}
        error={error?.fieldErrors.parent_tag}
      />
      <datalist id={`${prefix}-parent-options`}>
        {tags.map((tag) => (
          <option key={tag} value={tag} />
        ))}
      </datalist>
      <IdTagHolderFields prefix={prefix} initial={initial} error={error} />
    </>
  );
}

export { IdTagFields };
