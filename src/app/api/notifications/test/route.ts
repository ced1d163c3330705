import { z } from 'zod';
import { NOTIFICATION_CHANNELS } from '@/server/db/schema';
import { route } from '@/server/http/route';
import { sendTest } from '@/server/notifications/worker';

/** Sends a test message on the channel now and reports what came of it (also in the history). */
export const POST = route({ access: 'user', body: z.object({ channel: z.enum(NOTIFICATION_CHANNELS) }) }, async ({ user, body }) => {
  const outcome = await sendTest(user.id, body.channel);
  return { status: outcome.kind, error: outcome.kind === 'sent' ? null : outcome.error };
});
