import { z } from 'zod';
import { route } from '@/server/http/route';
import { vehicleChargePointSessions } from '@/server/planner/matching';

const params = z.object({ id: z.uuid() });
const query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** The charge point sessions this car was matched with, and where. */
export const GET = route({ access: 'user', params, query }, ({ user, params, query }) => vehicleChargePointSessions(user.id, params.id, query.limit));
