import { z } from 'zod';
import { listMessages, messageLogQuery } from '@/server/chargers/message-log-query';
import { route } from '@/server/http/route';

/** The OCPP message log, newest first: `?action=&direction=in|out&before=<next_before>&limit=`. */
export const GET = route({ access: 'user', params: z.object({ id: z.uuid() }), query: messageLogQuery }, async ({ user, params, query }) =>
  listMessages(user.id, params.id, query),
);
