import { z } from 'zod';
import { listOperations } from '@/server/chargers/operations';
import { route } from '@/server/http/route';

/** Firmware updates and diagnostics/log uploads with their progress, newest first. */
export const GET = route(
  { access: 'user', params: z.object({ id: z.uuid() }), query: z.object({ kind: z.enum(['firmware', 'diagnostics']).optional() }) },
  async ({ user, params, query }) => ({ operations: await listOperations(user.id, params.id, query.kind) }),
);
