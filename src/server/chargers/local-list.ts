import { eq } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { chargePointLocalLists, chargePoints } from '@/server/db/schema';
import { conflict } from '@/server/http/errors';
import { listIdTags, memberTagSites } from './id-tags';
import type { CommandAnswer } from './ocpp/commands';
import type { PreparedCommand } from './commands';
import { processState } from '@/server/runtime';

type Entry = Record<string, unknown>;

/** The owner's id tags as local-list entries keyed by tag: 1.6 `{idTag, idTagInfo}`, 2.0.1 `{idToken, idTokenInfo}`. */
async function ownerEntries(ownerId: string, chargePointId: string, protocol: string, idTokenType: string): Promise<Record<string, Entry>> {
  const at = now();
  const entries: Record<string, Entry> = {};
  const db = await getDb();
  const [[cp], memberSites] = await Promise.all([
    db.select({ siteId: chargePoints.siteId }).from(chargePoints).where(eq(chargePoints.id, chargePointId)),
    memberTagSites(ownerId),
  ]);
  for (const t of await listIdTags(ownerId)) {
    // A member's tag works on their site's charge points only (authorizeTag).
    const elsewhere = memberSites.has(t.tag) && memberSites.get(t.tag) !== cp?.siteId;
    const status = elsewhere ? 'Invalid' : t.status === 'Accepted' && t.expiresAt && t.expiresAt <= at ? 'Expired' : t.status;
    const expiry = t.expiresAt?.toISOString();
    entries[t.tag] =
      protocol === 'ocpp1.6'
        ? { idTag: t.tag, idTagInfo: { status, ...(expiry && { expiryDate: expiry }), ...(t.parentTag && { parentIdTag: t.parentTag }) } }
        : {
            idToken: { idToken: t.tag, type: idTokenType },
            idTokenInfo: {
              status,
              ...(expiry && { cacheExpiryDateTime: expiry }),
              ...(t.parentTag && { groupIdToken: { idToken: t.parentTag, type: 'Central' } }),
            },
          };
  }
  return entries;
}

/** The last holder of each charge point's list lock, shared across module copies. */
const locks: Map<string, Promise<void>> = processState<Map<string, Promise<void>>>('localListLocks', () => new Map());

/** Waits for earlier SendLocalList to the charge point to settle, so two never get the same version. */
async function lockList(chargePointId: string): Promise<() => void> {
  const previous = locks.get(chargePointId) ?? Promise.resolve();
  let release!: () => void;
  const tail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
  locks.set(chargePointId, tail);
  await previous;
  return () => {
    release();
    if (locks.get(chargePointId) === tail) locks.delete(chargePointId);
  };
}

/** JSON with sorted keys: jsonb gives stored objects back in its own key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Entries that changed or are new, then removals (an entry without its info removes the tag). */
function difference(previous: Record<string, Entry>, current: Record<string, Entry>): Entry[] {
  const changed = Object.entries(current)
    .filter(([tag, entry]) => !(tag in previous) || canonical(previous[tag]) !== canonical(entry))
    .map(([, entry]) => entry);
  const removed = Object.entries(previous)
    .filter(([tag]) => !(tag in current))
    .map(([tag, entry]) => ('idToken' in entry ? { idToken: entry.idToken } : { idTag: tag }));
  return [...changed, ...removed];
}

/**
 * Builds SendLocalList from the owner's id tags. The version is one above
 * both the last accepted one and what the charge point last reported, and is
 * stored (with the entries, for the next differential update) only once the
 * charge point accepts the list. Lists to one charge point are built and sent
 * one at a time (per process, like the command queue).
 */
export async function prepareSendLocalList(
  ownerId: string,
  chargePointId: string,
  protocol: string,
  input: { updateType: 'Full' | 'Differential'; idTokenType?: string },
): Promise<PreparedCommand> {
  const release = await lockList(chargePointId);
  try {
    return await buildList(ownerId, chargePointId, protocol, input, release);
  } catch (error) {
    release();
    throw error;
  }
}

async function buildList(
  ownerId: string,
  chargePointId: string,
  protocol: string,
  input: { updateType: 'Full' | 'Differential'; idTokenType?: string },
  release: () => void,
): Promise<PreparedCommand> {
  const db = await getDb();
  const [stored] = await db.select().from(chargePointLocalLists).where(eq(chargePointLocalLists.chargePointId, chargePointId));
  const current = await ownerEntries(ownerId, chargePointId, protocol, input.idTokenType ?? 'ISO14443');
  let list: Entry[];
  if (input.updateType === 'Full') list = Object.values(current);
  else if (stored?.entries) list = difference(stored.entries, current);
  else throw conflict('local_list_unknown', 'errors.commands.localListUnknown');

  const version = Math.max(stored?.version ?? 0, stored?.reportedVersion ?? 0) + 1;
  // 2.0.1 forbids an empty array (minItems 1); leaving the list out clears it (Full) or changes nothing.
  const items = list.length > 0 ? { localAuthorizationList: list } : {};
  const payload =
    protocol === 'ocpp1.6' ? { listVersion: version, updateType: input.updateType, ...items } : { versionNumber: version, updateType: input.updateType, ...items };

  return {
    payload,
    after: async (answer: CommandAnswer) => {
      try {
        if (answer.status !== 'Accepted') return;
        const values = { version, entries: current, sentAt: now() };
        await db
          .insert(chargePointLocalLists)
          .values({ chargePointId, ...values })
          .onConflictDoUpdate({ target: chargePointLocalLists.chargePointId, set: values });
      } finally {
        release();
      }
    },
    failed: async () => release(),
  };
}

/** Keeps the version the charge point reports (1.6 listVersion, 2.0.1 versionNumber). */
export async function recordLocalListVersion(chargePointId: string, answer: CommandAnswer): Promise<void> {
  const reported = answer.listVersion ?? answer.versionNumber;
  if (typeof reported !== 'number') return;
  const db = await getDb();
  const values = { reportedVersion: reported, reportedAt: now() };
  await db
    .insert(chargePointLocalLists)
    .values({ chargePointId, ...values })
    .onConflictDoUpdate({ target: chargePointLocalLists.chargePointId, set: values });
}

export async function localListState(chargePointId: string) {
  const db = await getDb();
  const [row] = await db.select().from(chargePointLocalLists).where(eq(chargePointLocalLists.chargePointId, chargePointId));
  return {
    version: row?.version ?? 0,
    entries: row?.entries ? Object.keys(row.entries).length : 0,
    sent_at: row?.sentAt?.toISOString() ?? null,
    reported_version: row?.reportedVersion ?? null,
    reported_at: row?.reportedAt?.toISOString() ?? null,
  };
}
