import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { apiKeys, users, type User } from '@/server/db/schema';
import { notFound } from '@/server/http/errors';
import { recordAudit } from '@/server/audit/audit';
import { randomSecret, sha256Hex } from '@/server/auth/crypto';
import { forgetUserRows, userRowCache } from '@/server/cache/user-rows';

/** Recognisable in logs and secret scanners; 32 random bytes = 256 bits. */
export const API_KEY_PREFIX = 'evc_';
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const summaryColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
};

export const createApiKeySchema = z.object({ name: z.string().trim().min(1, 'Give the key a name').max(64) });

/** Creates a key; the plain key is returned once and never stored. */
export async function createApiKey(userId: string, name: string): Promise<ApiKeySummary & { key: string }> {
  const db = await getDb();
  const key = API_KEY_PREFIX + randomSecret(32);
  const [created] = await db
    .insert(apiKeys)
    .values({ userId, name, prefix: key.slice(0, DISPLAY_PREFIX_LENGTH), keyHash: sha256Hex(key) })
    .returning(summaryColumns);
  await recordAudit({ actorUserId: userId, action: 'api_key.create', subjectType: 'api_key', subjectId: created.id });
  return { ...created, key };
}

export async function listApiKeys(userId: string): Promise<ApiKeySummary[]> {
  const db = await getDb();
  return db
    .select(summaryColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(userId: string, keyId: string): Promise<void> {
  const db = await getDb();
  const [revoked] = await db
    .update(apiKeys)
    .set({ revokedAt: now() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!revoked) throw notFound('API key');
  forgetUserRows(userId);
  await recordAudit({ actorUserId: userId, action: 'api_key.revoke', subjectType: 'api_key', subjectId: keyId });
}

interface KeyOwner {
  user: User;
  keyId: string;
  lastUsedAt: Date | null;
}

const keyOwners = userRowCache<KeyOwner>('api-keys');

/**
 * Looks up any presented key by its SHA-256 hash (so keys of other formats can
 * be imported later). Cached briefly per process; revoking a key or changing
 * its user forgets the entry at once (see `forgetUserRows`).
 */
export async function authenticateApiKey(presented: string): Promise<{ user: User; keyId: string } | undefined> {
  const keyHash = sha256Hex(presented);
  const owner = await keyOwners.get(keyHash, async () => {
    const db = await getDb();
    const [row] = await db
      .select({ user: users, keyId: apiKeys.id, lastUsedAt: apiKeys.lastUsedAt })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
    return row && { userId: row.user.id, value: row };
  });
  if (!owner) return undefined;
  const current = now();
  if (!owner.lastUsedAt || current.getTime() - owner.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Coarse on purpose: one write a minute per key, not one per request.
    owner.lastUsedAt = current;
    const db = await getDb();
    await db
      .update(apiKeys)
      .set({ lastUsedAt: current })
      .where(
        and(
          eq(apiKeys.id, owner.keyId),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(current.getTime() - LAST_USED_RESOLUTION_MS))),
        ),
      );
  }
  return { user: owner.user, keyId: owner.keyId };
}
