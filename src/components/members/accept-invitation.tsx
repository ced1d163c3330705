'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';

import { FormError } from '@/components/forms/form-error';
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

/** Accepts the invitation as the signed-in user, then opens what the role uses. */
export function AcceptInvitation({ token, role }: { token: string; role: 'manager' | 'driver' }) {
  const router = useRouter();
  const t = useTranslations('members');
  const { pending, error, run } = useApiAction();
  return (
    <div className="flex flex-col gap-3">
      <FormError error={error} title={t('acceptFailed')} />
      <Button
        disabled={pending}
        onClick={async () => {
          const result = await run(() => callApi('POST', '/api/invitations/accept', { token }));
          if (result.ok) {
            router.replace(role === 'driver' ? '/my-charging' : '/charge-points');
            router.refresh();
          }
        }}
      >
        {pending ? t('accepting') : t('accept')}
      </Button>
    </div>
  );
}
