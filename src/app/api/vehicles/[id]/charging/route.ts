import { z } from 'zod';
import { route } from '@/server/http/route';
import { presentAction, requestCharging } from '@/server/vehicles/actions';
import { vehicleParams } from '../../params';

const body = z.object({ action: z.enum(['START', 'STOP']) });

/** Starts or stops charging; the answer is the action, usually PENDING at first. */
export const POST = route({ access: 'user', params: vehicleParams, body }, async ({ user, params, body }) =>
  Response.json(presentAction(await requestCharging(user.id, params.id, body.action)), { status: 202 }),
);
