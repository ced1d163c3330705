// The server the browser tests run against: a fresh, empty PGlite data folder
// every time (so the first account is the administrator), local auth, and the
// `.next-test` build (scripts/start.mjs builds it when missing). Without SMTP the
// server logs its mails; they go to <data folder>/mails.jsonl, where the tests
// find the links a person would click (tests/e2e/support/mails.ts).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

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
  // The notifications spec's fake ntfy listens on 127.0.0.1.
  NOTIFY_ALLOW_PRIVATE_ADDRESSES: 'true',
  // Vehicles: the built-in Enode simulator (no credentials, so the server starts it).
  ENODE_SIMULATOR: 'on',
  ENODE_CLIENT_ID: '',
  ENODE_CLIENT_SECRET: '',
  // Info, for the mail lines; only warnings and errors are passed on.
  LOG_LEVEL: 'info',
});
const passOnFrom = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 }[process.env.E2E_LOG_LEVEL || 'warn'];

const mails = fs.createWriteStream(path.join(dataDir, 'mails.jsonl'));
// start.mjs passes the signals it gets on to the server.
const server = spawn(process.execPath, [fileURLToPath(new URL('./start.mjs', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
readline.createInterface({ input: server.stdout }).on('line', (line) => {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return void console.log(line);
  }
  if (entry.mail) mails.write(`${JSON.stringify(entry.mail)}\n`);
  if ((entry.level ?? 0) >= passOnFrom) console.log(line);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
