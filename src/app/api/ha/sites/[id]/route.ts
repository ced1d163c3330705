import { z } from 'zod';
import { siteEnergyStatus } from '@/server/energy/site-status';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

/** Measured, allocated and surplus power, the mode of each connector, today's energy by source. */
export const GET = route({ access: 'user', keyScope: 'ha', params }, ({ user, params, locale }) => siteEnergyStatus(user.id, params.id, locale));
