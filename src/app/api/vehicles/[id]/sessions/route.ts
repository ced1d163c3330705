import { z } from 'zod';
import { csvResponse } from '@/server/http/csv';
import { route } from '@/server/http/route';
import { listChargingSessions, sessionsCsv } from '@/server/vehicles/history';
import { vehicleParams } from '../../params';

const query = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

/** The vehicle's charging sessions, newest first; `?format=csv` downloads them. */
export const GET = route({ access: 'user', params: vehicleParams, query }, async ({ user, params, query }) => {
  const sessions = await listChargingSessions(user.id, params.id, query.limit);
  if (query.format === 'json') return { sessions };
  return csvResponse({ filename: 'charging-sessions.csv', csv: sessionsCsv(sessions) });
});
