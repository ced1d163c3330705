// The server the browser tests run against: a fresh, empty PGlite data folder
// every time (so the first account is the administrator), local auth, and the
// `.next-test` build (scripts/start.mjs builds it when missing).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const port = process.env.E2E_PORT || '3210';
const dataDir = path.join(os.tmpdir(), `evconduit-e2e-${port}`);
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

Object.assign(process.env, {
  NEXT_DIST_DIR: '.next-test',
  PORT: port,
  HOST: '127.0.0.1',
  APP_URL: `http://127.0.0.1:${port}`,
  DATA_DIR: dataDir,
  // Whatever the developer's shell says: embedded database, local accounts, mail to the log.
  DATABASE_URL: '',
  SUPABASE_URL: '',
  SUPABASE_ANON_KEY: '',
  SMTP_URL: '',
  // Vehicles: the built-in Enode simulator (no credentials, so the server starts it).
  ENODE_SIMULATOR: 'on',
  ENODE_CLIENT_ID: '',
  ENODE_CLIENT_SECRET: '',
  LOG_LEVEL: process.env.E2E_LOG_LEVEL || 'warn',
});

// start.mjs passes the signals Playwright sends on to the server.
await import('./start.mjs');
