import { z } from 'zod';

/**
 * A backup is a gzipped tar archive: `evconduit-backup.json` (this manifest)
 * and `pglite/`, a consistent copy of the embedded database's data folder.
 */
export const MANIFEST_FILE = 'evconduit-backup.json';
export const DATA_FOLDER = 'pglite';
export const BACKUP_FORMAT = 'evconduit-pglite-backup';

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  /** PG_VERSION of the data folder: a restore refuses another major version. */
  postgresVersion: z.string().regex(/^\d+$/),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** `evconduit-backup-2026-12-06T12-00-00Z.tar.gz`: sorts by time, no characters a file system refuses. */
export function backupFileName(at: Date): string {
  return `evconduit-backup-${at.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')}.tar.gz`;
}

export const BACKUP_FILE_PATTERN = /^evconduit-backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.tar\.gz$/;

