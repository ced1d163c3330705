import { z } from 'zod';
import { route } from '@/server/http/route';
import { listSamples } from '@/server/vehicles/history';
import { vehicleParams } from '../../params';

const query = z.object({ hours: z.coerce.number().int().min(1).max(24 * 31).default(48) });

/** The vehicle's recorded states (battery level, charging) of the last `hours`, oldest first. */
export const GET = route({ access: 'user', params: vehicleParams, query }, async ({ user, params, query }) => ({
  samples: await listSamples(user.id, params.id, query.hours),
}));
