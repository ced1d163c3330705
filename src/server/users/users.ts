import type { Locale } from '@/i18n/locales';
import { asc, eq, sql } from 'drizzle-orm';
import { getDb, resultRows, type Tx } from '@/server/db/client';
import { users, type User } from '@/server/db/schema';
import { conflict, notFound } from '@/server/http/errors';
import { recordAudit } from '@/server/audit/audit';
import { forgetEnodeUser } from '@/server/vehicles/linking';
import { emit } from '@/server/events/domain-events';

export type Tier = User['tier'];
export type Role = User['role'];

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function getUserById(id: string): Promise<User | undefined> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

export async function getUserByEmail(email: string): Promise<User | undefined> {
  const db = await getDb();
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${normalizeEmail(email)}`);
  return user;
}

/**
 * Creates the profile row for an identity (`auth.users` row). The first
 * account of an installation becomes admin; a lock makes that exact when
 * two people sign up at the same moment.
 */
export async function insertUserProfile(
  tx: Tx,
  input: { id: string; email: string; name?: string | null },
): Promise<User> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('evconduit.first-user'))`);
  const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(users);
  const [user] = await tx
    .insert(users)
    .values({
      id: input.id,
      email: normalizeEmail(input.email),
      name: input.name ?? null,
      role: count === 0 ? 'admin' : 'user',
    })
    .returning();
  return user;
}

/** A local identity: an `auth.users` row (what Supabase would hold) plus the profile. */
export async function createIdentityAndProfile(
  tx: Tx,
  input: { email: string; name?: string | null },
): Promise<User> {
  const email = normalizeEmail(input.email);
  const existing = await tx.execute(sql`select 1 from users where lower(email) = ${email}`);
  if (resultRows(existing).length > 0) {
    throw conflict('email_taken', 'errors.auth.emailTaken');
  }
  const inserted = await tx.execute(sql`insert into auth.users (email) values (${email}) returning id`);
  const [{ id }] = resultRows<{ id: string }>(inserted);
  return insertUserProfile(tx, { id, email, name: input.name });
}

export async function listUsers(): Promise<User[]> {
  const db = await getDb();
  return db.select().from(users).orderBy(asc(users.createdAt));
}

export interface UserChanges {
  role?: Role;
  tier?: Tier;
  isApproved?: boolean;
  name?: string | null;
  locale?: Locale | null;
}

export async function updateUser(actorId: string | null, userId: string, changes: UserChanges): Promise<User> {
  const db = await getDb();
  const [user] = await db
    .update(users)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning();
  if (!user) throw notFound('user');
  emit({ type: 'user.changed', userId });
  await recordAudit({ actorUserId: actorId, action: 'user.update', subjectType: 'user', subjectId: userId, details: { ...changes } });
  return user;
}

/** Deletes the identity; the profile and everything the user owns cascade. */
export async function deleteUser(actorId: string | null, userId: string): Promise<void> {
  await forgetEnodeUser(userId);
  const db = await getDb();
  await db.transaction(async (tx) => {
    // Their id tags on others' sites are blocked (docs/site-members.md), not left to work on every charge point of the site's owner.
    await tx.execute(sql`update id_tags t set status = 'Blocked', member_id = null, holder = coalesce(t.holder, m.email)
      from site_members m where m.id = t.member_id and m.user_id = ${userId}`);
    await tx.execute(sql`delete from auth.users where id = ${userId}`);
  });
  emit({ type: 'user.changed', userId });
  await recordAudit({ actorUserId: actorId === userId ? null : actorId, action: 'user.delete', subjectType: 'user', subjectId: userId });
}
