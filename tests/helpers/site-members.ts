/**
 * Puts rows the site-members API (another part of issue 24) would create
 * straight into a stopped server's database: site members and id tags'
 * member or holder. PGlite allows one process at a time, so the server must
 * be stopped with `keepData` first; PostgreSQL is reached directly.
 */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestServer } from './server';

export interface MemberRow {
  siteId: string;
  userId: string;
  email: string;
  role: 'manager' | 'driver';
  /** Id tags (their `tag` text, of the site's owner) assigned to this member. */
  tags?: string[];
}

/** Runs statements against the stopped server's database; returns the member ids in order. */
export async function insertMembers(server: TestServer, members: MemberRow[], holders: { tag: string; holder: string }[] = []): Promise<string[]> {
  const statements = async (query: (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>) => {
    const ids: string[] = [];
    for (const m of members) {
      const [row] = await query(
        `insert into site_members (site_id, user_id, email, role, accepted_at) values ($1, $2, $3, $4, now()) returning id`,
        [m.siteId, m.userId, m.email, m.role],
      );
      ids.push(row.id as string);
      for (const tag of m.tags ?? []) await query(`update id_tags set member_id = $1 where tag = $2`, [row.id, tag]);
    }
    for (const h of holders) await query(`update id_tags set holder = $1 where tag = $2`, [h.holder, h.tag]);
    return ids;
  };
  if (server.databaseUrl) {
    const sql = postgres(server.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      return await statements((text, params) => sql.unsafe(text, params as never[]) as unknown as Promise<Record<string, unknown>[]>);
    } finally {
      await sql.end();
    }
  }
  const db = new PGlite(path.join(server.dataDir, 'pglite'));
  try {
    return await statements(async (text, params) => (await db.query<Record<string, unknown>>(text, params)).rows);
  } finally {
    await db.close();
  }
}
