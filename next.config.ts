import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

// Translations: the locale of each request comes from src/i18n/request.ts (profile, else Accept-Language).
const withNextIntl = createNextIntlPlugin('./src/i18n/request.ts');

const nextConfig: NextConfig = {
  // Lets several builds coexist (e.g. parallel test runs); the server reads the same variable.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Native/WASM and server-only packages must be loaded by Node, not bundled. @sentry/nextjs
  // too: bundled, each of the 30 API routes carried its own 2 MB copy (~120 MiB of heap at idle).
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'pino', 'pino-pretty', 'ocpp-rpc', 'ws', 'nodemailer', 'stripe', '@sentry/nextjs', 'prom-client', 'pdfkit'],
  poweredByHeader: false,
  // forbidden(): the administration pages answer 403 with their own page (src/app/(app)/admin/forbidden.tsx).
  experimental: { authInterrupts: true },
};

export default withNextIntl(nextConfig);
