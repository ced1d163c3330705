'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { ChartColumnIcon, CreditCardIcon, EvChargerIcon, HouseIcon, IdCardIcon, KeyRoundIcon, LayoutDashboardIcon, MapPinIcon, MenuIcon, UsersIcon } from 'lucide-react';

import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { cn } from '@/lib/utils';

const LINKS = [
  { href: '/dashboard', label: 'Dashboard', icon: LayoutDashboardIcon, adminOnly: false },
  { href: '/charge-points', label: 'Charge points', icon: EvChargerIcon, adminOnly: false },
  { href: '/id-tags', label: 'Id tags', icon: IdCardIcon, adminOnly: false },
  { href: '/sites', label: 'Sites', icon: MapPinIcon, adminOnly: false },
  { href: '/home-assistant', label: 'Home Assistant', icon: HouseIcon, adminOnly: false },
  { href: '/api-keys', label: 'API keys', icon: KeyRoundIcon, adminOnly: false },
  { href: '/usage', label: 'Usage', icon: ChartColumnIcon, adminOnly: false },
  { href: '/billing', label: 'Billing', icon: CreditCardIcon, adminOnly: false },
  { href: '/admin/users', label: 'Admin', icon: UsersIcon, adminOnly: true },
];

/** Main navigation: links in the header on wide screens, a menu button on narrower ones (the profile is in the account menu). */
function MainNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const links = LINKS.filter((link) => isAdmin || !link.adminOnly);
  const isCurrent = (href: string) => pathname === href || pathname.startsWith(`${href}/`);

  return (
    <>
      <nav aria-label="Main" className="hidden xl:block">
        <ul className="flex items-center gap-1">
          {links.map(({ href, label }) => (
            <li key={href}>
              <Link
                href={href}
                aria-current={isCurrent(href) ? 'page' : undefined}
                className={cn(
                  'rounded-md px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground',
                  'aria-[current=page]:bg-accent aria-[current=page]:text-accent-foreground',
                )}
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="xl:hidden">
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="outline" size="sm">
              <MenuIcon aria-hidden="true" />
              Menu
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start" className="min-w-48">
            {links.map(({ href, label, icon: Icon }) => (
              <DropdownMenuItem key={href} asChild>
                <Link href={href} aria-current={isCurrent(href) ? 'page' : undefined} className="aria-[current=page]:font-semibold">
                  <Icon aria-hidden="true" />
                  {label}
                </Link>
              </DropdownMenuItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
      </div>
    </>
  );
}

export { MainNav };
