import { z } from 'zod';
import { measurementSchema, recordMeasurement } from '@/server/energy/measurements';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

/** Home Assistant pushes the site's grid power (and optionally solar, battery, live maximum); small bodies only. */
export const POST = route({ access: 'user', keyScope: 'ha', params, body: measurementSchema, maxBodyBytes: 1024 }, ({ auth, params, body, locale }) =>
  recordMeasurement(auth, params.id, body, locale),
);
