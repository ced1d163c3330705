import { z } from 'zod';
import { chargePointEnergyCsv, csvResponse, energyQuery } from '@/server/chargers/energy-export';
import { route } from '@/server/http/route';

/** 15-minute energy intervals of one month (UTC) as CSV. */
export const GET = route({ access: 'user', params: z.object({ id: z.uuid() }), query: energyQuery }, async ({ user, params, query }) =>
  csvResponse(await chargePointEnergyCsv(user.id, params.id, query.month)),
);
