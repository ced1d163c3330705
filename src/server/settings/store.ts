import { eq } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '@/server/db/client';
import { settings } from '@/server/db/schema';

/** Pass `db` inside a transaction (a query on the outer client there would deadlock on PGlite). */
export async function getSetting<T>(key: string, executor?: Db | Tx): Promise<T | undefined> {
  const db = executor ?? (await getDb());
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return row?.value as T | undefined;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  const db = await getDb();
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
}

/** Returns the stored value, storing `create()` first if there is none (first writer wins). */
export async function getOrCreateSetting<T>(key: string, create: () => T): Promise<T> {
  const db = await getDb();
  await db.insert(settings).values({ key, value: create() }).onConflictDoNothing();
  return (await getSetting<T>(key)) as T;
}
