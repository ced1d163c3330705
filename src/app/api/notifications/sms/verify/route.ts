import { z } from 'zod';
import { route } from '@/server/http/route';
import { codeSchema, confirmPhone } from '@/server/notifications/sms-phone';

/** `{code}` → the pending number becomes the verified one. */
export const POST = route({ access: 'user', body: z.strictObject({ code: codeSchema }) }, async ({ user, body }) => ({
  available: true,
  ...(await confirmPhone(user.id, body.code)),
  credits: user.smsCredits,
}));
