import { z } from 'zod';
import { presentChargePoint, withOcppUrl } from '@/server/chargers/charge-points';
import { claimPendingIdentity, claimSchema } from '@/server/chargers/pending';
import { publicBaseUrl } from '@/server/http/public-url';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

/** Claims a pending identity with its serial number (admins without): it becomes the user's charge point; the password is in this response only. */
export const POST = route({ access: 'user', verifiedEmail: true, params, body: claimSchema }, async ({ user, params, body, req }) => {
  const { chargePoint, password, passwordOffer } = await claimPendingIdentity(user, params.id, body);
  return { ...withOcppUrl(publicBaseUrl(req.headers), presentChargePoint(chargePoint)), password, password_offer: passwordOffer };
});
