import { z } from 'zod';
import { energyQuery, idTagEnergyCsv } from '@/server/chargers/energy-export';
import { csvResponse } from '@/server/http/csv';
import { route } from '@/server/http/route';

/** 15-minute energy intervals of one month (UTC) of the tag's sessions, as CSV. */
export const GET = route({ access: 'user', params: z.object({ id: z.uuid() }), query: energyQuery }, async ({ user, params, query }) =>
  csvResponse(await idTagEnergyCsv(user.id, params.id, query.month)),
);
