/**
 * Web Push (RFC 8030) to browsers and the installed app: the message is
 * encrypted for each subscription (RFC 8291, aes128gcm) and signed with our
 * VAPID key (RFC 8292) by the `web-push` library, then POSTed to the
 * browser's push service through the outbound guard (an endpoint is an
 * address a user gave us). The VAPID key pair is generated once and kept in
 * `settings`.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import webPush from 'web-push';
import { z } from 'zod';
import { getConfig } from '@/server/config';
import { getDb, type Db, type Tx } from '@/server/db/client';
import { webPushSubscriptions } from '@/server/db/schema';
import { OutboundRefusedError, post } from '@/server/net/outbound';
import { processState } from '@/server/runtime';
import { getOrCreateSetting } from '@/server/settings/store';
import type { Rendered } from '../templates';
import { errorText, type SendOutcome } from './outcome';

const VAPID_SETTING = 'web_push_vapid_keys';
const TIMEOUT_MS = 10_000;
/** How long a push service keeps a message for a browser that is offline. */
const TTL_S = 24 * 3600;
/** Browsers and apps one user may subscribe; the oldest beyond it are dropped. */
const MAX_SUBSCRIPTIONS = 20;

const base64url = (bytes: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}$`), 'Not a key of the expected size');

/** What `PushSubscription.toJSON()` gives in the browser. */
export const subscriptionSchema = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(1000),
  keys: z.object({ p256dh: base64url(65), auth: base64url(16) }),
});

const cache = processState<{ keys?: Promise<{ publicKey: string; privateKey: string }> }>('vapidKeys', () => ({}));

export function vapidKeys(): Promise<{ publicKey: string; privateKey: string }> {
  cache.keys ??= getOrCreateSetting(VAPID_SETTING, () => webPush.generateVAPIDKeys()).catch((error: unknown) => {
    cache.keys = undefined;
    throw error;
  });
  return cache.keys;
}

/** Push services want a contact: the app's https address, else the sender's mail address. */
function vapidSubject(): string {
  const { appUrl, mailFrom } = getConfig();
  if (appUrl.startsWith('https:')) return appUrl;
  return `mailto:${/<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom}`;
}

export async function subscribeWebPush(userId: string, subscription: z.infer<typeof subscriptionSchema>): Promise<void> {
  const db = await getDb();
  const values = { userId, endpoint: subscription.endpoint, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth };
  await db.transaction(async (tx) => {
    // An endpoint belongs to one browser: whoever subscribes it last owns it.
    await tx.insert(webPushSubscriptions).values(values).onConflictDoUpdate({ target: webPushSubscriptions.endpoint, set: values });
    const surplus = await tx
      .select({ id: webPushSubscriptions.id })
      .from(webPushSubscriptions)
      .where(eq(webPushSubscriptions.userId, userId))
      .orderBy(desc(webPushSubscriptions.createdAt))
      .offset(MAX_SUBSCRIPTIONS);
    if (surplus.length > 0) await tx.delete(webPushSubscriptions).where(inArray(webPushSubscriptions.id, surplus.map((r) => r.id)));
  });
}

export async function unsubscribeWebPush(userId: string, endpoint: string): Promise<void> {
  const db = await getDb();
  await db.delete(webPushSubscriptions).where(and(eq(webPushSubscriptions.userId, userId), eq(webPushSubscriptions.endpoint, endpoint)));
}

type Subscription = typeof webPushSubscriptions.$inferSelect;
type One = SendOutcome | { kind: 'gone'; error: string };

async function sendOne(subscription: Subscription, payload: string): Promise<One> {
  const { publicKey, privateKey } = await vapidKeys();
  const request = webPush.generateRequestDetails(
    { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
    payload,
    { vapidDetails: { subject: vapidSubject(), publicKey, privateKey }, TTL: TTL_S, contentEncoding: 'aes128gcm' },
  );
  try {
    const response = await post(request.endpoint, request.body as Buffer, request.headers as Record<string, string>, {
      allowPrivateAddresses: getConfig().notifications.allowPrivateAddresses,
      timeoutMs: TIMEOUT_MS,
    });
    if (response.status >= 200 && response.status < 300) return { kind: 'sent' };
    const error = `The push service answered ${response.status}`;
    if (response.status === 404 || response.status === 410) return { kind: 'gone', error };
    return { kind: response.status >= 500 || response.status === 429 ? 'retry' : 'failed', error };
  } catch (error) {
    return { kind: error instanceof OutboundRefusedError ? 'failed' : 'retry', error: errorText(error) };
  }
}

/** Sends to every browser the user subscribed; sent when one took it. Expired subscriptions (404, 410) are removed. */
export async function sendWebPush(userId: string, rendered: Rendered, link: string): Promise<SendOutcome> {
  const db = await getDb();
  const subscriptions = await db.select().from(webPushSubscriptions).where(eq(webPushSubscriptions.userId, userId));
  if (subscriptions.length === 0) return { kind: 'skipped', error: 'No browser is subscribed to Web Push any more.' };
  const payload = JSON.stringify({ title: rendered.title, body: rendered.lines.join('\n'), url: link });
  const outcomes = await Promise.all(subscriptions.map((s) => sendOne(s, payload)));
  const gone = subscriptions.filter((_, i) => outcomes[i].kind === 'gone').map((s) => s.id);
  if (gone.length > 0) await db.delete(webPushSubscriptions).where(inArray(webPushSubscriptions.id, gone));
  if (outcomes.some((o) => o.kind === 'sent')) return { kind: 'sent' };
  const failures = outcomes.filter((o): o is Exclude<One, { kind: 'sent' }> => o.kind !== 'sent');
  const error = failures.map((o) => o.error).join('; ');
  return { kind: failures.some((o) => o.kind === 'retry') ? 'retry' : 'failed', error };
}

/** Subscribed browsers per user (pass `tx` inside a transaction). */
export async function webPushDevices(db: Db | Tx, userIds: string[]): Promise<Map<string, number>> {
  const rows = userIds.length === 0 ? [] : await db.select({ userId: webPushSubscriptions.userId }).from(webPushSubscriptions).where(inArray(webPushSubscriptions.userId, userIds));
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.userId, (counts.get(row.userId) ?? 0) + 1);
  return counts;
}
