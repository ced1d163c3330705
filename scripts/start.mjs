// `npm start`: build once when no build exists, then run the compiled server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

process.env.NODE_ENV = 'production';
if (!fs.existsSync('.next/BUILD_ID') || !fs.existsSync('dist/server.mjs')) {
  console.log('No build found: building first (this takes a minute or two)…');
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await import('../dist/server.mjs');
