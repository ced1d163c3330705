import { z } from 'zod';
import { presentChargePoint } from '@/server/chargers/charge-points';
import { claimPendingIdentity, claimSchema } from '@/server/chargers/pending';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

/** Claims a pending identity with its serial number (admins without): it becomes the user's charge point; the password is in this response only. */
export const POST = route({ access: 'user', verifiedEmail: true, params, body: claimSchema }, async ({ user, params, body }) => {
  const { chargePoint, password, url, passwordOffer } = await claimPendingIdentity(user, params.id, body);
  return { ...presentChargePoint(chargePoint), ocpp_url: url, password, password_offer: passwordOffer };
});
