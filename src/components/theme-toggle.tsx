'use client';

import * as React from 'react';
import { MoonIcon, SunIcon, SunMoonIcon } from 'lucide-react';
import { useTheme } from 'next-themes';

import { Button } from '@/components/ui/button';

const ORDER = ['light', 'dark', 'system'] as const;
type ThemeChoice = (typeof ORDER)[number];

const LABELS: Record<ThemeChoice, string> = { light: 'light', dark: 'dark', system: 'system' };

function isThemeChoice(value: string | undefined): value is ThemeChoice {
  return ORDER.includes(value as ThemeChoice);
}

const noopSubscribe = () => () => {};

/** Icon button cycling light → dark → system. */
function ThemeToggle({ className, ...props }: Omit<React.ComponentProps<typeof Button>, 'onClick' | 'children'>) {
  const { theme, setTheme } = useTheme();
  // The stored theme is only known in the browser; render a neutral button on the server.
  const mounted = React.useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );

  const current: ThemeChoice = mounted && isThemeChoice(theme) ? theme : 'system';
  const next = ORDER[(ORDER.indexOf(current) + 1) % ORDER.length];
  const label = mounted ? `Theme: ${LABELS[current]}. Switch to ${LABELS[next]} theme` : 'Change theme';
  const Icon = current === 'light' ? SunIcon : current === 'dark' ? MoonIcon : SunMoonIcon;

  return (
    <Button
      type="button"
      variant="ghost"
      size="icon"
      aria-label={label}
      title={label}
      data-testid="theme-toggle"
      data-theme-choice={mounted ? current : undefined}
      className={className}
      onClick={() => setTheme(next)}
      {...props}
    >
      <Icon aria-hidden="true" />
    </Button>
  );
}

export { ThemeToggle };
