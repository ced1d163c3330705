// `npm start`: build once when no build exists, then run the compiled server
// in a process of its own with the settings of `server-process.mjs`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { distDir, serverBundle } from './paths.mjs';
import { SERVER_ENV, serverArgs } from './server-process.mjs';

process.env.NODE_ENV = 'production';
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
if (!fs.existsSync(path.join(distDir, 'BUILD_ID')) || !fs.existsSync(serverBundle)) {
  console.log('No build found: building first (this takes a minute or two)…');
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
const server = spawn(process.execPath, serverArgs(), { stdio: 'inherit', env: { ...process.env, ...SERVER_ENV } });
// The server shuts down cleanly on either signal (and ignores a second one, e.g. a terminal's Ctrl-C reaching both).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
