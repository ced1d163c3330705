import Link from 'next/link';

import { cn } from '@/lib/utils';

const SECTIONS = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/plans', label: 'Plan limits' },
  { href: '/admin/billing', label: 'Billing' },
  { href: '/admin/charge-points', label: 'Charge points' },
];

/** The admin area's sections. */
function AdminNav({ current }: { current: string }) {
  return (
    <nav aria-label="Administration" className="flex gap-1 border-b">
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
  );
}

export { AdminNav };
