import type { Metadata } from 'next';
import { headers } from 'next/headers';

import { ThemeProvider } from '@/components/theme-provider';
import { Toaster } from '@/components/ui/sonner';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'EVConduit', template: '%s · EVConduit' },
  description: 'Your electric vehicles and charge points in Home Assistant.',
  icons: { icon: '/favicon.svg' },
  // Installable as an app (PWA); its service worker (public/sw.js) shows Web Push notifications.
  manifest: '/manifest.webmanifest',
};

// Every page reads the session, the database or the runtime configuration (auth mode, APP_URL):
// render per request, never during `next build`.
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The page's Content-Security-Policy nonce (src/proxy.ts): next-themes' inline script needs it to run.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh antialiased">
        <ThemeProvider nonce={nonce}>
          <a
            href="#main-content"
            className="sr-only rounded-md bg-background px-4 py-2 text-sm font-medium text-foreground shadow-md focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-[100]"
          >
            Skip to content
          </a>
          {children}
          <Toaster />
        </ThemeProvider>
      </body>
    </html>
  );
}
