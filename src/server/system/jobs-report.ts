import { listJobs } from './jobs';

/** The jobs as the API and the CLI show them (snake_case, ISO times). */
export async function jobsReport() {
  const iso = (at: Date | null) => at?.toISOString() ?? null;
  return (await listJobs()).map((job) => ({
    name: job.name,
    holder: job.holder,
    lease_until: job.holder ? iso(job.leaseUntil) : null,
    last_started_at: iso(job.lastStartedAt),
    last_finished_at: iso(job.lastFinishedAt),
    last_error: job.lastError,
  }));
}
