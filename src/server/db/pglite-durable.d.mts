import type { PGlite } from '@electric-sql/pglite';

export function durableStartParams(defaults: readonly string[]): string[];
export function syncToDisk(pg: PGlite): void;
