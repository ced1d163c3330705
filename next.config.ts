import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Lets several builds coexist (e.g. parallel test runs); the server reads the same variable.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Native/WASM and server-only packages must be loaded by Node, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'pino', 'pino-pretty', 'ocpp-rpc', 'ws', 'nodemailer', 'stripe'],
  poweredByHeader: false,
};

export default nextConfig;
