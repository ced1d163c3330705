import { z } from 'zod';
import { route } from '@/server/http/route';
import { completeLink } from '@/server/vehicles/linking';

const query = z.object({ error: z.string().max(200).optional(), error_message: z.string().max(500).optional() });

/** Enode's Link UI sends the user back here; the dashboard shows the outcome. */
export const GET = route({ access: 'user', query }, async ({ user, query }) => {
  const outcome = await completeLink(user.id, query);
  const target = new URLSearchParams(
    outcome.ok ? { vehicle_link: 'linked', vehicles: String(outcome.vehicles) } : { vehicle_link: 'failed', vehicle_link_error: outcome.error },
  );
  if (outcome.ok && outcome.overLimit) {
    target.set('over_limit', String(outcome.overLimit.count));
    target.set('vehicle_link_notice', outcome.overLimit.notice);
  }
  // Relative, so the browser stays on the host that holds its session cookie.
  return new Response(null, { status: 303, headers: { Location: `/dashboard?${target}` } });
});
