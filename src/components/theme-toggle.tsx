'use client';

import { useTranslations } from 'next-intl';
import * as React from 'react';
import { MoonIcon, SunIcon, SunMoonIcon } from 'lucide-react';
import { useTheme } from 'next-themes';

import { Button } from '@/components/ui/button';

type Look = 'light' | 'dark';

const noopSubscribe = () => () => {};

/**
 * Icon button switching between the light and the dark look, so every click
 * changes what you see. Choosing the look the system has goes back to
 * following the system (the default), rather than pinning it.
 */
function ThemeToggle({ className, ...props }: Omit<React.ComponentProps<typeof Button>, 'onClick' | 'children'>) {
  const { resolvedTheme, systemTheme, setTheme } = useTheme();
  const t = useTranslations('theme');
  // The stored theme is only known in the browser; render a neutral button on the server.
  const mounted = React.useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );

  const current: Look = resolvedTheme === 'dark' ? 'dark' : 'light';
  const next: Look = current === 'dark' ? 'light' : 'dark';
  const label = mounted ? t('current', { current, next }) : t('change');
  const Icon = !mounted ? SunMoonIcon : current === 'dark' ? MoonIcon : SunIcon;

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
      onClick={() => setTheme(next === systemTheme ? 'system' : next)}
      {...props}
    >
      <Icon aria-hidden="true" />
    </Button>
  );
}

export { ThemeToggle };
