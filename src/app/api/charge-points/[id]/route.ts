import { z } from 'zod';
import { chargePointDetail } from '@/server/chargers/charge-points';
import { route } from '@/server/http/route';

export const GET = route({ access: 'user', params: z.object({ id: z.uuid() }) }, async ({ user, params }) =>
  chargePointDetail(user.id, params.id),
);
