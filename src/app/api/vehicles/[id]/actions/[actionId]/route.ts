import { z } from 'zod';
import { route } from '@/server/http/route';
import { getAction, presentAction } from '@/server/vehicles/actions';
import { vehicleParams } from '../../../params';

const params = vehicleParams.extend({ actionId: z.uuid() });

export const GET = route({ access: 'user', params }, async ({ user, params }) =>
  presentAction(await getAction(user.id, params.id, params.actionId)),
);
