import { inArray } from 'drizzle-orm';
import { localParts } from '@/server/chargers/local-time';
import { now } from '@/server/clock';
import { getDb, type Db, type Tx } from '@/server/db/client';
import { NOTIFICATION_CHANNELS, notificationPreferences, smsPhones, type NotificationChannel, type NotificationPreferences } from '@/server/db/schema';
import { smsAvailable, smsCharged, smsNotConfigured } from './channels/sms';
import { webPushDevices } from './channels/webpush';
import { defaultChoice, GROUP_KEYS, KIND_GROUP, NOTIFICATION_GROUPS, type NotificationGroup, type NotificationKind } from './catalog';

export type Preferences = Pick<NotificationPreferences, 'choices' | 'ntfyUrl' | 'quietStart' | 'quietEnd' | 'timeZone'> & {
  /** Browsers subscribed to Web Push. */
  webPushDevices: number;
  /** The verified SMS number (E.164), if any. */
  smsPhone: string | null;
};

const DEFAULTS: Omit<Preferences, 'webPushDevices' | 'smsPhone'> = { choices: {}, ntfyUrl: null, quietStart: null, quietEnd: null, timeZone: 'UTC' };
const DAY_MINUTES = 24 * 60;

export async function preferencesOf(db: Db | Tx, userIds: string[]): Promise<Map<string, Preferences>> {
  const rows = userIds.length === 0 ? [] : await db.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, userIds));
  const devices = await webPushDevices(db, userIds);
  const phones =
    userIds.length === 0 || !smsAvailable()
      ? []
      : await db.select({ userId: smsPhones.userId, phone: smsPhones.phone }).from(smsPhones).where(inArray(smsPhones.userId, userIds));
  const phoneOf = new Map(phones.map((p) => [p.userId, p.phone]));
  const stored = new Map(rows.map((r) => [r.userId, r]));
  return new Map(
    userIds.map((id) => [id, { ...DEFAULTS, ...stored.get(id), webPushDevices: devices.get(id) ?? 0, smsPhone: phoneOf.get(id) ?? null }]),
  );
}

export function isChosen(prefs: Preferences, group: NotificationGroup, channel: NotificationChannel): boolean {
  return prefs.choices[group]?.[channel] ?? defaultChoice(group, channel);
}

/**
 * A channel that has somewhere to go: e-mail always (the account's address), ntfy once a topic is set, Web Push once a
 * browser subscribed, SMS once Twilio is set up and the user verified a number.
 */
export function isUsable(prefs: Preferences, channel: NotificationChannel): boolean {
  if (channel === 'ntfy') return prefs.ntfyUrl !== null;
  if (channel === 'sms') return prefs.smsPhone !== null && smsAvailable();
  if (channel === 'webpush') return prefs.webPushDevices > 0;
  return true;
}

/** The channels this kind goes out on for this user; a test goes nowhere by choice (it names its channel). */
export function channelsFor(prefs: Preferences, kind: NotificationKind): NotificationChannel[] {
  const group = KIND_GROUP[kind];
  if (group === null) return [];
  return NOTIFICATION_CHANNELS.filter((channel) => isChosen(prefs, group, channel) && isUsable(prefs, channel));
}

/** Minutes after midnight in `timeZone` at `at`. */
function localMinutes(at: Date, timeZone: string): number {
  const { hour, minute } = localParts(at.getTime(), timeZone);
  return hour * 60 + minute;
}

/** When quiet hours end, if `at` falls inside them (in the user's time zone); otherwise null. */
export function quietUntil(prefs: Preferences, at: Date): Date | null {
  const { quietStart: start, quietEnd: end } = prefs;
  if (start === null || end === null || start === end) return null;
  const minute = localMinutes(at, prefs.timeZone);
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  const minutesLeft = (end - minute + DAY_MINUTES) % DAY_MINUTES;
  const startOfMinute = Math.floor(at.getTime() / 60_000) * 60_000;
  return new Date(startOfMinute + minutesLeft * 60_000);
}

export interface PreferencesInput {
  choices: Partial<Record<NotificationGroup, Partial<Record<NotificationChannel, boolean>>>>;
  ntfyUrl: string | null;
  quietHours: { start: number; end: number } | null;
  timeZone: string;
}

export async function savePreferences(userId: string, input: PreferencesInput): Promise<void> {
  if (!smsAvailable() && Object.values(input.choices).some((c) => c?.sms)) throw smsNotConfigured();
  const db = await getDb();
  const values = {
    choices: input.choices,
    ntfyUrl: input.ntfyUrl,
    quietStart: input.quietHours?.start ?? null,
    quietEnd: input.quietHours?.end ?? null,
    timeZone: input.timeZone,
    updatedAt: now(),
  };
  await db.insert(notificationPreferences).values({ userId, ...values }).onConflictDoUpdate({ target: notificationPreferences.userId, set: values });
}

export async function getPreferences(userId: string): Promise<Preferences> {
  const db = await getDb();
  return (await preferencesOf(db, [userId])).get(userId)!;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The channels this installation offers (SMS only with the Twilio settings). */
export const offeredChannels = () => NOTIFICATION_CHANNELS.filter((c) => c !== 'sms' || smsAvailable());

/**
 * The API's view: every group with each channel's effective choice, the channels and quiet hours. `channels.sms`
 * is there only when SMS is available (`phone`: the verified number, `credits`: the balance).
 */
export function presentPreferences(prefs: Preferences, email: string, smsCredits = 0) {
  return {
    events: GROUP_KEYS.map((key) => ({
      key,
      ...NOTIFICATION_GROUPS[key],
      channels: Object.fromEntries(offeredChannels().map((channel) => [channel, isChosen(prefs, key, channel)])),
    })),
    channels: {
      email: { address: email },
      ntfy: { url: prefs.ntfyUrl },
      webpush: { devices: prefs.webPushDevices },
      ...(smsAvailable() && { sms: { phone: prefs.smsPhone, credits: smsCredits, charged: smsCharged() } }),
    },
    quiet_hours: prefs.quietStart === null || prefs.quietEnd === null ? null : { start: hhmm(prefs.quietStart), end: hhmm(prefs.quietEnd) },
    time_zone: prefs.timeZone,
  };
}
