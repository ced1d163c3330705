import Link from 'next/link';

import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { cn } from '@/lib/utils';
import { webhookStaleness } from '@/server/enode/health';

const SECTIONS = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/plans', label: 'Plan limits' },
  { href: '/admin/billing', label: 'Billing' },
  { href: '/admin/charge-points', label: 'Charge points' },
  { href: '/admin/webhooks', label: 'Enode webhooks' },
  { href: '/admin/notifications', label: 'Notifications' },
  { href: '/admin/backups', label: 'Backups' },
];

/** The admin area's sections, with a warning on every admin page while the Enode webhooks are stale. */
async function AdminNav({ current }: { current: string }) {
  const { stale, lastSuccessAt } = await webhookStaleness();
  return (
    <>
    <nav aria-label="Administration" className="flex gap-1 overflow-x-auto border-b">
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
          {label}
        </Link>
      ))}
    </nav>
    {stale && (
      <Alert variant="destructive" data-testid="enode-webhook-stale">
        <AlertTitle>Enode webhooks look stale</AlertTitle>
        <AlertDescription>
          No successful Enode webhook delivery for over 2 hours
          {lastSuccessAt ? ` (last: ${lastSuccessAt})` : ''}. Vehicle data may be out of date; see{' '}
          <Link href="/admin/webhooks" className="underline">Enode webhooks</Link>.
        </AlertDescription>
      </Alert>
    )}
    </>
  );
}

export { AdminNav };
