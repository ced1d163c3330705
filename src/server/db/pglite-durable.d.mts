import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

export function openDurable(dataDir: string, options?: Omit<PGliteOptions, 'dataDir' | 'fs'>): Promise<PGlite>;
