import { route } from '@/server/http/route';

export const dynamic = 'force-dynamic';

/** Liveness: the process answers. Touches nothing else. */
export const GET = route({ access: 'public' }, async () => ({ status: 'ok' }));
