import { z } from 'zod';
import { redirectErrors, seeOther } from '@/server/http/browser-redirect';
import { route } from '@/server/http/route';
import { completeLink, linkFailedPage } from '@/server/vehicles/linking';

const query = z.object({ error: z.string().max(200).optional(), error_message: z.string().max(500).optional() });

/**
 * Enode's Link UI sends the user back here; the dashboard shows the outcome.
 * Without a session (signed out meanwhile, or back on another host name than
 * the one signed in on) they sign in and come back here to finish.
 */
export const GET = redirectErrors(
  route({ access: 'user', query }, async ({ user, query }) => {
    const outcome = await completeLink(user.id, query);
    if (!outcome.ok) return seeOther(linkFailedPage(outcome.error));
    const target = new URLSearchParams({ vehicle_link: 'linked', vehicles: String(outcome.vehicles) });
    if (outcome.overLimit) {
      target.set('over_limit', String(outcome.overLimit.count));
      target.set('vehicle_link_notice', outcome.overLimit.notice);
    }
    return seeOther(`/dashboard?${target}`);
  }),
  ({ status, detail }, req) =>
    status === 401 ? `/signin?${new URLSearchParams({ next: `${req.nextUrl.pathname}${req.nextUrl.search}` })}` : linkFailedPage(detail),
);
