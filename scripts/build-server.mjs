// Compiles server.ts (and the server modules it imports) next to the Next build.
import { build } from 'esbuild';
import { serverBundle } from './paths.mjs';

await build({
  entryPoints: ['server.ts'],
  outfile: serverBundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
