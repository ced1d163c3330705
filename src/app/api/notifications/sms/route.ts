import { route } from '@/server/http/route';
import { requireSms, smsAvailable } from '@/server/notifications/channels/sms';
import { removePhone, smsPhoneView } from '@/server/notifications/sms-phone';

export const dynamic = 'force-dynamic';

/** `{available, phone, verified_at, pending_phone, code_expires_at, credits}`; without Twilio `{available: false}`. */
export const GET = route({ access: 'user' }, async ({ user }) =>
  smsAvailable() ? { available: true, ...(await smsPhoneView(user.id)), credits: user.smsCredits } : { available: false },
);

/** Forgets the number: no SMS goes out any more. */
export const DELETE = route({ access: 'user' }, async ({ user }) => {
  requireSms();
  return { available: true, ...(await removePhone(user.id)), credits: user.smsCredits };
});
