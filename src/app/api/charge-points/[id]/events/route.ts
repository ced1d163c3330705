import { z } from 'zod';
import { eventListQuery, listEvents } from '@/server/chargers/charge-points';
import { route } from '@/server/http/route';

/** The message log; `?action=StatusNotification` is the fault history. */
export const GET = route({ access: 'user', params: z.object({ id: z.uuid() }), query: eventListQuery }, async ({ user, params, query }) => ({
  events: await listEvents(user.id, params.id, query),
}));
