// `npm start`: build once when no build exists, then run the compiled server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distDir, serverBundle } from './paths.mjs';

process.env.NODE_ENV = 'production';
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
if (!fs.existsSync(path.join(distDir, 'BUILD_ID')) || !fs.existsSync(serverBundle)) {
  console.log('No build found: building first (this takes a minute or two)…');
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await import(pathToFileURL(path.resolve(serverBundle)).href);
