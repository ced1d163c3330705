import { getTranslations } from 'next-intl/server';
import Link from 'next/link';

import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { cn } from '@/lib/utils';
import { webhookStaleness } from '@/server/enode/health';

const SECTIONS = [
  { href: '/admin/users', label: 'users' },
  { href: '/admin/plans', label: 'plans' },
  { href: '/admin/billing', label: 'billing' },
  { href: '/admin/charge-points', label: 'chargePoints' },
  { href: '/admin/webhooks', label: 'webhooks' },
  { href: '/admin/notifications', label: 'notifications' },
  { href: '/admin/backups', label: 'backups' },
] as const;

/** The admin area's sections, with a warning on every admin page while the Enode webhooks are stale. */
async function AdminNav({ current }: { current: string }) {
  const { stale, lastSuccessAt } = await webhookStaleness();
  const t = await getTranslations('adminNav');
  return (
    <>
    <nav aria-label={t('label')} className="flex gap-1 overflow-x-auto border-b">
      {SECTIONS.map(({ href, label }) => (
        <Link
          key={href}
          href={href}
          aria-current={href === current ? 'page' : undefined}
          className={cn(
            '-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground hover:text-foreground',
            'aria-[current=page]:border-primary aria-[current=page]:text-foreground',
          )}
        >
          {t(label)}
        </Link>
      ))}
    </nav>
    {stale && (
      <Alert variant="destructive" data-testid="enode-webhook-stale">
        <AlertTitle>{t('staleTitle')}</AlertTitle>
        <AlertDescription>
          {t.rich(lastSuccessAt ? 'staleSince' : 'stale', {
            last: lastSuccessAt ?? '',
            link: (chunks) => (
              <Link href="/admin/webhooks" className="underline">
                {chunks}
              </Link>
            ),
          })}
        </AlertDescription>
      </Alert>
    )}
    </>
  );
}

export { AdminNav };
