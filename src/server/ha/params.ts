import { z } from 'zod';

/** A vehicle as Home Assistant names it: Enode's id or ours. */
export const haVehicleParams = z.object({ vehicleId: z.string().trim().min(1).max(100) });

export const chargingBodySchema = z.object({ action: z.enum(['START', 'STOP']) });
