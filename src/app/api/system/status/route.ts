import { route } from '@/server/http/route';
import { systemStatus } from '@/server/system/status';

export const dynamic = 'force-dynamic';

/** The public status page's data (not under /api/status/, the Home Assistant vehicle path). */
export const GET = route({ access: 'public' }, async () =>
  Response.json(await systemStatus(), { headers: { 'cache-control': 'public, max-age=15' } }),
);
