import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { apiKeys, users, type User } from '@/server/db/schema';
import { invalidApiKey, notFound } from '@/server/http/errors';
import { recordAudit } from '@/server/audit/audit';
import { takeAttempt, tooManyAttempts, type RateLimit } from '@/server/auth/rate-limits';
import { randomSecret, sha256Hex } from '@/server/auth/crypto';
import { userRowCache } from '@/server/cache/user-rows';
import { emit } from '@/server/events/domain-events';

/** Recognisable in logs and secret scanners; 32 random bytes = 256 bits. */
export const API_KEY_PREFIX = 'evc_';
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * `ha`: what the Home Assistant integration calls (routes declare `keyScope: 'ha'`).
 * `full`: everything a signed-in session may do, account, keys and charge point security included.
 */
export const API_KEY_SCOPES = ['ha', 'full'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Random keys are 256 bits; failed lookups from one address are only load and a signal. */
const KEY_GUESSES: RateLimit = { bucket: 'api_key_failures_per_address', limit: 20, windowMs: 60_000 };

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const summaryColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scope: apiKeys.scope,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
};

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, 'Give the key a name').max(64),
  scope: z.enum(API_KEY_SCOPES).default('ha'),
});

/** Creates a key; the plain key is returned once and never stored. */
export async function createApiKey(
  userId: string,
  { name, scope }: z.infer<typeof createApiKeySchema>,
): Promise<ApiKeySummary & { key: string }> {
  const db = await getDb();
  const key = API_KEY_PREFIX + randomSecret(32);
  const [created] = await db
    .insert(apiKeys)
    .values({ userId, name, scope, prefix: key.slice(0, DISPLAY_PREFIX_LENGTH), keyHash: sha256Hex(key) })
    .returning(summaryColumns);
  await recordAudit({
    actorUserId: userId,
    action: 'api_key.create',
    subjectType: 'api_key',
    subjectId: created.id,
    details: { scope },
  });
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
  if (!revoked) throw notFound('apiKey');
  emit({ type: 'key.revoked', userId, keyId });
  await recordAudit({ actorUserId: userId, action: 'api_key.revoke', subjectType: 'api_key', subjectId: keyId });
}

/** A password reset may end every key: whoever had the old password may have made one. */
export async function revokeAllApiKeys(userId: string): Promise<number> {
  const db = await getDb();
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: now() })
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  emit(...revoked.map(({ id }) => ({ type: 'key.revoked' as const, userId, keyId: id })));
  if (revoked.length > 0) {
    await recordAudit({ actorUserId: userId, action: 'api_key.revoke_all', subjectType: 'user', subjectId: userId });
  }
  return revoked.length;
}

interface KeyOwner {
  user: User;
  keyId: string;
  scope: ApiKeyScope;
  lastUsedAt: Date | null;
}

const keyOwners = userRowCache<KeyOwner>('api-keys');

/**
 * Looks up any presented key by its SHA-256 hash (so keys of other formats can
 * be imported later). Cached briefly per process; revoking a key or changing
 * its user forgets the entry on every instance (see `forgetUserRows`).
 */
export async function authenticateApiKey(
  presented: string,
): Promise<{ user: User; keyId: string; scope: ApiKeyScope } | undefined> {
  const keyHash = sha256Hex(presented);
  const owner = await keyOwners.get(keyHash, async () => {
    const db = await getDb();
    const [row] = await db
      .select({ user: users, keyId: apiKeys.id, scope: apiKeys.scope, lastUsedAt: apiKeys.lastUsedAt })
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
  return { user: owner.user, keyId: owner.keyId, scope: owner.scope };
}

/**
 * 401 for a key that matches nothing, 429 `too_many_attempts` once the
 * caller's address has had too many such failures. Only failures are counted,
 * so a valid key's polls never touch the counter.
 */
export async function refuseUnknownApiKey(clientKey: string): Promise<never> {
  const refusedUntil = await takeAttempt(KEY_GUESSES, clientKey);
  throw refusedUntil ? tooManyAttempts(refusedUntil, now()) : invalidApiKey();
}
