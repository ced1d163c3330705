import { route } from '@/server/http/route';
import { checkReadiness } from '@/server/system/readiness';

export const dynamic = 'force-dynamic';

/** Readiness: database reachable, every migration applied, and not shutting down. */
export const GET = route({ access: 'public' }, async () => {
  const readiness = await checkReadiness();
  return Response.json(
    {
      status: readiness.ready ? 'ready' : readiness.draining ? 'draining' : 'not_ready',
      database: readiness.database,
      driver: readiness.driver,
      pending_migrations: readiness.pendingMigrations,
    },
    { status: readiness.ready ? 200 : 503 },
  );
});
