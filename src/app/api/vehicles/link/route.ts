import { z } from 'zod';
import { publicBaseUrl } from '@/server/http/public-url';
import { route } from '@/server/http/route';
import { startLink } from '@/server/vehicles/linking';

const body = z.object({ vendor: z.string().regex(/^[A-Z0-9_]{2,40}$/).optional() }).optional();

/** Starts linking a vehicle: the browser goes on to `link_url` (Enode's Link UI). */
export const POST = route({ access: 'user', verifiedEmail: true, body }, async ({ user, body, req }) => {
  const { linkUrl } = await startLink(user.id, publicBaseUrl(req.headers), body?.vendor);
  return { link_url: linkUrl };
});
