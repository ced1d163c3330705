import { z } from 'zod';

/** Our vehicle id or Enode's. */
export const vehicleParams = z.object({ id: z.string().min(1).max(100) });
