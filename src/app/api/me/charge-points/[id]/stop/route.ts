import { z } from 'zod';
import { driverStop, driverStopSchema } from '@/server/chargers/drivers';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

/** Stops the caller's own running session on the charge point. */
export const POST = route({ access: 'user', keyScope: 'ha', params, body: driverStopSchema.default({}) }, async ({ user, params, body }) =>
  driverStop(user.id, params.id, body),
);
