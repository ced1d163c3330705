import { z } from 'zod';
import { route } from '@/server/http/route';
import { phoneSchema, startPhoneVerification } from '@/server/notifications/sms-phone';

/** `{phone}` (international format) → texts a 6-digit code to it (free: no credit); 202 with the pending number. */
export const POST = route({ access: 'user', body: z.strictObject({ phone: phoneSchema }) }, async ({ user, body }) =>
  Response.json({ available: true, ...(await startPhoneVerification(user.id, body.phone)), credits: user.smsCredits }, { status: 202 }),
);
