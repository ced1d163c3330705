import { z } from 'zod';
import { NOTIFICATION_CHANNELS } from '@/server/db/schema';
import { route } from '@/server/http/route';
import { GROUP_KEYS } from '@/server/notifications/catalog';
import { ntfyUrlSchema } from '@/server/notifications/channels/ntfy';
import { isTimeZone } from '@/server/chargers/local-time';
import { getPreferences, presentPreferences, savePreferences } from '@/server/notifications/preferences';

export const dynamic = 'force-dynamic';

const time = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time as HH:MM')
  .transform((v) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3)));

const channelChoices = z.object(Object.fromEntries(NOTIFICATION_CHANNELS.map((c) => [c, z.boolean().optional()]))).strict();

const body = z.object({
  events: z.object(Object.fromEntries(GROUP_KEYS.map((g) => [g, channelChoices.optional()]))).strict(),
  ntfy_url: ntfyUrlSchema.nullable(),
  quiet_hours: z.object({ start: time, end: time }).nullable(),
  time_zone: z.string().max(64).refine(isTimeZone, 'Enter a time zone such as Europe/Berlin'),
});

export const GET = route({ access: 'user' }, async ({ user }) => presentPreferences(await getPreferences(user.id), user.email, user.smsCredits));

export const PUT = route({ access: 'user', body }, async ({ user, body }) => {
  await savePreferences(user.id, {
    choices: body.events,
    ntfyUrl: body.ntfy_url,
    quietHours: body.quiet_hours,
    timeZone: body.time_zone,
  });
  return presentPreferences(await getPreferences(user.id), user.email, user.smsCredits);
});
