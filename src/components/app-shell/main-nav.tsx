'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { BatteryChargingIcon, ChartColumnIcon, CreditCardIcon, EvChargerIcon, HouseIcon, IdCardIcon, KeyRoundIcon, LayoutDashboardIcon, MapPinIcon, MenuIcon, UsersIcon } from 'lucide-react';

import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { cn } from '@/lib/utils';

type NavKey = 'dashboard' | 'myCharging' | 'chargePoints' | 'idTags' | 'sites' | 'homeAssistant' | 'apiKeys' | 'usage' | 'billing' | 'admin';

const LINKS: { href: string; label: NavKey; icon: typeof HouseIcon; adminOnly: boolean; driverOnly?: boolean }[] = [
  { href: '/dashboard', label: 'dashboard', icon: LayoutDashboardIcon, adminOnly: false },
  { href: '/my-charging', label: 'myCharging', icon: BatteryChargingIcon, adminOnly: false, driverOnly: true },
  { href: '/charge-points', label: 'chargePoints', icon: EvChargerIcon, adminOnly: false },
  { href: '/id-tags', label: 'idTags', icon: IdCardIcon, adminOnly: false },
  { href: '/sites', label: 'sites', icon: MapPinIcon, adminOnly: false },
  { href: '/home-assistant', label: 'homeAssistant', icon: HouseIcon, adminOnly: false },
  { href: '/api-keys', label: 'apiKeys', icon: KeyRoundIcon, adminOnly: false },
  { href: '/usage', label: 'usage', icon: ChartColumnIcon, adminOnly: false },
  { href: '/billing', label: 'billing', icon: CreditCardIcon, adminOnly: false },
  { href: '/admin/users', label: 'admin', icon: UsersIcon, adminOnly: true },
];

/** Main navigation: links in the header on wide screens, a menu button on narrower ones (the profile is in the account menu). */
function MainNav({ isAdmin, isDriver = false }: { isAdmin: boolean; isDriver?: boolean }) {
  const pathname = usePathname();
  const t = useTranslations('nav');
  const links = LINKS.filter((link) => (isAdmin || !link.adminOnly) && (isDriver || !link.driverOnly));
  const isCurrent = (href: string) => pathname === href || pathname.startsWith(`${href}/`);

  return (
    <>
      <nav aria-label={t('main')} className="hidden xl:block">
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
                {t(label)}
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
              {t('menu')}
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start" className="min-w-48">
            {links.map(({ href, label, icon: Icon }) => (
              <DropdownMenuItem key={href} asChild>
                <Link href={href} aria-current={isCurrent(href) ? 'page' : undefined} className="aria-[current=page]:font-semibold">
                  <Icon aria-hidden="true" />
                  {t(label)}
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
