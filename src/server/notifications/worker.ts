/**
 * The sender: a continuous job (one instance of the cluster holds it) that
 * claims due outbox rows and sends them.
 *
 * Never twice: a row is claimed by turning it `sending` (FOR UPDATE SKIP
 * LOCKED, one transaction) before anything goes out, and only a `sending`
 * row is ever recorded. A crash between the send and its record leaves the
 * row `sending`; once no send can still be running (IN_DOUBT_AFTER_MS) it is
 * marked failed "in doubt" and never sent again. E-mail, ntfy and SMS have no
 * idempotency key, so at most once is the only promise that holds; the
 * history shows the user which one is in doubt. Never lost: rows are written
 * before the event's producer moves on and stay queued until a holder sends
 * them, across restarts.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { notificationDeliveries, users, type NotificationChannel, type NotificationDelivery } from '@/server/db/schema';
import { conflict } from '@/server/http/errors';
import { getLogger } from '@/server/observability/logger';
import { wakeJob } from '@/server/system/jobs';
import { pollingJob } from '@/server/system/polling-job';
import { KIND_GROUP, type NotificationKind } from './catalog';
import { sendEmail } from './channels/email';
import { sendNtfy } from './channels/ntfy';
import { refundSmsCredit, requireSms, sendSms, smsText, spendSmsCredit, type SmsOutcome } from './channels/sms';
import { sendWebPush } from './channels/webpush';
import { errorText, type SendOutcome } from './channels/outcome';
import { countNotificationDelivery } from '@/server/observability/metrics';
import { isChosen, isUsable, preferencesOf, type Preferences } from './preferences';
import { render } from './templates';

const JOB = 'notifications';
const POLL_MS = 2000;
/** Rows claimed at once: a mass outage queues thousands, and each claim costs a transaction. */
const BATCH = 200;
/** Sends under way at once, mostly to the same host (one ntfy server, one mail relay): enough to hide their round trips, few enough not to flood it. */
const SEND_CONCURRENCY = 16;
/** Plain "sent" outcomes recorded together: one UPDATE, and a crash leaves at most these (and the sends under way) in doubt. */
const RECORD_SENT_ROWS = 50;
const MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 3_600_000;
/** A send still unanswered after this is given up (and counts as in doubt: it may have arrived). */
const SEND_DEADLINE_MS = 30_000;
/** A claimed row not begun within this is handed back unsent: every send begun ends before IN_DOUBT_AFTER_MS. */
const START_WITHIN_MS = 10_000;
/** A row `sending` for longer than this has no send running anywhere any more. */
const IN_DOUBT_AFTER_MS = SEND_DEADLINE_MS + START_WITHIN_MS + 5_000;
/** Not sent within a day of its event (quiet hours, retries): no longer worth sending. */
const STALE_AFTER_MS = 24 * 3_600_000;

const log = () => getLogger().child({ component: 'notifications' });

interface Recipient {
  email: string;
  /** The profile's language: notifications are written in it (English when none is chosen). */
  locale: string | null;
  prefs: Preferences;
}

function withDeadline(send: Promise<SmsOutcome>): Promise<SmsOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<SmsOutcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ kind: 'failed', error: `No answer within ${SEND_DEADLINE_MS / 1000} s; it may still arrive, so it is not sent again.` }),
      SEND_DEADLINE_MS,
    );
  });
  return Promise.race([send, late]).finally(() => clearTimeout(timer));
}

/**
 * One SMS: a credit is taken (one conditional UPDATE) before Twilio is asked, so concurrent sends cannot overspend;
 * none left is final (`no_credits`). `record()` gives the credit back when Twilio refused the message.
 */
async function attemptSms(delivery: NotificationDelivery, phone: string, text: string): Promise<SmsOutcome> {
  const db = await getDb();
  if (!(await spendSmsCredit(db, delivery.userId))) return { kind: 'no_credits', error: 'No SMS credits left: buy a pack on the billing page.' };
  return sendSms(phone, text);
}

async function attempt(delivery: NotificationDelivery, recipient: Recipient): Promise<SmsOutcome> {
  const { prefs } = recipient;
  const group = KIND_GROUP[delivery.kind as NotificationKind];
  if (group && !(isChosen(prefs, group, delivery.channel) && isUsable(prefs, delivery.channel))) {
    return { kind: 'skipped', error: 'This channel was turned off for this event before it was sent.' };
  }
  if (now().getTime() - delivery.createdAt.getTime() > STALE_AFTER_MS) return { kind: 'skipped', error: 'Not sent within a day: stale.' };
  const rendered = render(delivery.kind, delivery.payload, recipient.locale);
  const link = new URL(rendered.path, getConfig().appUrl).toString();
  try {
    if (delivery.channel === 'email') return await withDeadline(sendEmail(recipient.email, rendered, link, recipient.locale));
    if (delivery.channel === 'webpush') return await withDeadline(sendWebPush(delivery.userId, rendered, link));
    if (delivery.channel === 'sms') return await withDeadline(attemptSms(delivery, prefs.smsPhone!, smsText(rendered, link)));
    return await withDeadline(sendNtfy(prefs.ntfyUrl!, rendered, link));
  } catch (error) {
    return { kind: 'retry', error: errorText(error) };
  }
}

async function record(delivery: NotificationDelivery, outcome: SmsOutcome, retry: boolean): Promise<void> {
  const db = await getDb();
  const at = now();
  const again = retry && outcome.kind === 'retry' && delivery.attempts < MAX_ATTEMPTS;
  const backoff = Math.min(MAX_BACKOFF_MS, getConfig().notifications.retryBaseMs * 2 ** (delivery.attempts - 1));
  const set =
    outcome.kind === 'sent'
      ? { status: 'sent' as const, sentAt: at, lastError: null, externalId: outcome.sid ?? null }
      : again
        ? { status: 'queued' as const, nextAttemptAt: new Date(at.getTime() + backoff), lastError: outcome.error }
        : {
            status: outcome.kind === 'skipped' ? ('skipped' as const) : outcome.kind === 'no_credits' ? ('no_credits' as const) : ('failed' as const),
            lastError: outcome.error,
          };
  await db.transaction(async (tx) => {
    const recorded = await tx
      .update(notificationDeliveries)
      .set(set)
      .where(and(eq(notificationDeliveries.id, delivery.id), eq(notificationDeliveries.status, 'sending')))
      .returning({ id: notificationDeliveries.id });
    // The credit comes back with the record that says it was not sent (once: only a `sending` row is recorded).
    if (recorded.length > 0 && outcome.kind !== 'sent' && outcome.refund) await refundSmsCredit(tx, delivery.userId);
  });
  countNotificationDelivery(delivery.channel, again ? 'retry' : set.status);
}

async function recipients(userIds: string[]): Promise<Map<string, Recipient>> {
  const db = await getDb();
  const rows = await db.select({ id: users.id, email: users.email, locale: users.locale }).from(users).where(inArray(users.id, userIds));
  const prefs = await preferencesOf(db, userIds);
  return new Map(rows.map((r) => [r.id, { email: r.email, locale: r.locale, prefs: prefs.get(r.id)! }]));
}

/** Rows left `sending` by a crash: failed, in doubt, never sent again. */
async function resolveInDoubt(): Promise<void> {
  const db = await getDb();
  const resolved = await db
    .update(notificationDeliveries)
    .set({ status: 'failed', lastError: 'In doubt: the server stopped while sending it. It may have arrived, so it is not sent again.' })
    .where(and(eq(notificationDeliveries.status, 'sending'), lt(notificationDeliveries.claimedAt, new Date(now().getTime() - IN_DOUBT_AFTER_MS))))
    .returning({ id: notificationDeliveries.id });
  if (resolved.length > 0) log().warn({ ids: resolved.map((r) => r.id) }, 'notifications left in doubt by a crash');
}

/** Claims a batch of due rows (skipping rows another transaction holds) and sends them; returns how many it claimed. */
async function sendDue(): Promise<number> {
  const db = await getDb();
  const at = now();
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: notificationDeliveries.id })
      .from(notificationDeliveries)
      .where(and(eq(notificationDeliveries.status, 'queued'), lte(notificationDeliveries.nextAttemptAt, at)))
      .orderBy(asc(notificationDeliveries.nextAttemptAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(notificationDeliveries)
      .set({ status: 'sending', attempts: sql`${notificationDeliveries.attempts} + 1`, claimedAt: at })
      .where(inArray(notificationDeliveries.id, due.map((d) => d.id)))
      .returning();
  });
  if (claimed.length === 0) return 0;
  const people = await recipients([...new Set(claimed.map((d) => d.userId))]);
  const sent: NotificationDelivery[] = [];
  const notStarted: NotificationDelivery[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SEND_CONCURRENCY, claimed.length) }, async () => {
      while (next < claimed.length) {
        const delivery = claimed[next++];
        if (now().getTime() - at.getTime() > START_WITHIN_MS) {
          notStarted.push(delivery);
          continue;
        }
        const recipient = people.get(delivery.userId);
        const outcome = recipient ? await attempt(delivery, recipient) : { kind: 'skipped' as const, error: 'The account is gone.' };
        if (outcome.kind !== 'sent' || outcome.sid) await record(delivery, outcome, true);
        else if (sent.push(delivery) >= RECORD_SENT_ROWS) await recordSent(sent.splice(0));
      }
    }),
  );
  await recordSent(sent);
  await handBack(notStarted);
  return claimed.length;
}

/** Sent rows with nothing of their own to keep, in one UPDATE (a mass outage sends thousands). */
async function recordSent(deliveries: NotificationDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  const db = await getDb();
  await db
    .update(notificationDeliveries)
    .set({ status: 'sent', sentAt: now(), lastError: null, externalId: null })
    .where(and(inArray(notificationDeliveries.id, deliveries.map((d) => d.id)), eq(notificationDeliveries.status, 'sending')));
  for (const delivery of deliveries) countNotificationDelivery(delivery.channel, 'sent');
}

/** Claimed but never tried (slow sends held the batch up): queued again as they were, before anyone could take them for in doubt. */
async function handBack(deliveries: NotificationDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  const db = await getDb();
  await db
    .update(notificationDeliveries)
    .set({ status: 'queued', attempts: sql`${notificationDeliveries.attempts} - 1`, claimedAt: null })
    .where(and(inArray(notificationDeliveries.id, deliveries.map((d) => d.id)), eq(notificationDeliveries.status, 'sending')));
}

/** "Send test": one message on the channel, now, recorded in the history like any other; its outcome is returned. */
export async function sendTest(userId: string, channel: NotificationChannel): Promise<SendOutcome> {
  if (channel === 'sms') requireSms();
  const people = await recipients([userId]);
  const recipient = people.get(userId)!;
  if (!isUsable(recipient.prefs, channel)) throw conflict('channel_not_set_up', 'errors.notifications.channelNotSetUp');
  const db = await getDb();
  const at = now();
  const [delivery] = await db
    .insert(notificationDeliveries)
    .values({ userId, kind: 'test', incidentKey: randomUUID(), channel, payload: { channel }, status: 'sending', attempts: 1, claimedAt: at, createdAt: at })
    .returning();
  const outcome = await attempt(delivery, recipient);
  await record(delivery, outcome, false);
  // A test is not retried: what would have been tried again has failed.
  if (outcome.kind === 'sent') return { kind: 'sent' };
  return { kind: outcome.kind === 'retry' ? 'failed' : outcome.kind, error: outcome.error };
}

/** Sends what is due, in whichever one instance holds the job (src/server/system/jobs.ts). */
export const notificationsJob = pollingJob(JOB, POLL_MS, async () => {
  await resolveInDoubt();
  while ((await sendDue()) > 0);
});

/** Something was queued: the sender looks now, in whichever instance holds it. */
export function wakeNotifications(): void {
  wakeJob(JOB);
}
