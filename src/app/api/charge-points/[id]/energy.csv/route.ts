import { z } from 'zod';
import { chargePointEnergyCsv, energyQuery } from '@/server/chargers/energy-export';
import { csvResponse } from '@/server/http/csv';
import { route } from '@/server/http/route';

/** 15-minute energy intervals of one month (UTC) as CSV. */
export const GET = route({ access: 'user', params: z.object({ id: z.uuid() }), query: energyQuery }, async ({ user, params, query }) =>
  csvResponse(await chargePointEnergyCsv(user.id, params.id, query.month)),
);
