import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Tests and benchmarks read loosely typed JSON responses and log lines on purpose.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  globalIgnores([
    '.next*/**',
    'dist/**',
    'data/**',
    '.data/**',
    'node_modules/**',
    'supabase/migrations/meta/**',
    'test-results/**',
    'playwright-report/**',
    'next-env.d.ts',
  ]),
]);
