import { route } from '@/server/http/route';
import { jobsReport } from '@/server/system/jobs-report';

export const dynamic = 'force-dynamic';

/** Every job of the cluster: which instance holds it, until when, its last run and last error. */
export const GET = route({ access: 'admin' }, async () => ({ jobs: await jobsReport() }));
