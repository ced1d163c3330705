import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

export function durableStartParams(defaults: readonly string[]): string[];
export function openDurable(dataDir: string, options?: Omit<PGliteOptions, 'dataDir' | 'fs'>): Promise<PGlite>;
