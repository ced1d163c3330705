import { z } from 'zod';
import { driverStart, driverStartSchema } from '@/server/chargers/drivers';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

/** Starts a session with the caller's own id tag on a charge point of a site they drive on. */
export const POST = route({ access: 'user', keyScope: 'ha', params, body: driverStartSchema.default({}) }, async ({ user, params, body }) =>
  driverStart(user.id, params.id, body),
);
