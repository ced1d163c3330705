import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { getLocale, getMessages, getTranslations } from 'next-intl/server';

import { I18nProvider } from '@/components/i18n-provider';
import { ThemeProvider } from '@/components/theme-provider';
import { Toaster } from '@/components/ui/sonner';
import { clientMessages, type Messages } from '@/i18n/messages';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('meta');
  return {
    title: { default: 'EVConduit', template: '%s · EVConduit' },
    description: t('description'),
    icons: { icon: '/favicon.svg' },
    // Installable as an app (PWA); its service worker (public/sw.js) shows Web Push notifications.
    manifest: '/manifest.webmanifest',
  };
}

// Every page reads the session, the database or the runtime configuration (auth mode, APP_URL):
// render per request, never during `next build`.
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The page's Content-Security-Policy nonce (src/proxy.ts): next-themes' inline script needs it to run.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  const locale = await getLocale();
  const t = await getTranslations('layout');
  return (
    <html lang={locale} suppressHydrationWarning>
      <body className="min-h-dvh antialiased">
        <I18nProvider locale={locale} messages={clientMessages((await getMessages()) as Messages)}>
        <ThemeProvider nonce={nonce}>
          <a
            href="#main-content"
            className="sr-only rounded-md bg-background px-4 py-2 text-sm font-medium text-foreground shadow-md focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-[100]"
          >
            {t('skipToContent')}
          </a>
          {children}
          <Toaster />
        </ThemeProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
