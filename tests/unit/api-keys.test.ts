import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_PREFIX, authenticateApiKey, createApiKey, revokeApiKey } from '@/server/apikeys/apikeys';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase, resultRows, type DatabaseHandle } from '@/server/db/client';
import { migrate } from '@/server/db/migrate';
import type { User } from '@/server/db/schema';
import { createIdentityAndProfile } from '@/server/users/users';
import { registerSubscribers } from '@/server/events/subscribers';

let handle: DatabaseHandle;
let user: User;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-unit-'));

beforeAll(async () => {
  handle = await openDatabase(parseConfig({ DATA_DIR: dataDir }));
  await migrate(handle);
  // Revoking a key forgets the cached owner through its event, as in the server.
  registerSubscribers();
  user = await handle.db.transaction((tx) => createIdentityAndProfile(tx, { email: 'keys@example.com' }));
});

afterAll(async () => {
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('API keys', () => {
  it('look like evc_<random> with at least 128 bits, and every key differs', async () => {
    const keys = await Promise.all([1, 2, 3].map((n) => createApiKey(user.id, { name: `key ${n}`, scope: 'ha' })));
    for (const { key, prefix } of keys) {
      expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
      const secret = key.slice(API_KEY_PREFIX.length);
      expect(secret).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(secret.length * 6).toBeGreaterThanOrEqual(128); // base64url: 6 bits a character
      expect(key.startsWith(prefix)).toBe(true);
      expect(prefix.length).toBeLessThan(key.length - 16);
    }
    expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
  });

  it('are stored only as a SHA-256 hash: no column holds the key or its secret part', async () => {
    const { id, key } = await createApiKey(user.id, { name: 'stored', scope: 'ha' });
    const [row] = resultRows<Record<string, unknown>>(await handle.db.execute(sql`select * from api_keys where id = ${id}`));
    expect(row.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    const secret = key.slice(API_KEY_PREFIX.length + 8);
    for (const value of Object.values(row)) expect(String(value)).not.toContain(secret);
  });

  it('authenticate their owner until revoked', async () => {
    const { id, key } = await createApiKey(user.id, { name: 'revocable', scope: 'ha' });
    expect((await authenticateApiKey(key))?.user.id).toBe(user.id);
    await revokeApiKey(user.id, id);
    expect(await authenticateApiKey(key)).toBeUndefined();
    expect(await authenticateApiKey(key.slice(0, -1))).toBeUndefined();
  });
});
