import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native/WASM and server-only packages must be loaded by Node, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'pino', 'pino-pretty', 'ocpp-rpc', 'ws', 'nodemailer'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
