import { jobsReport } from '@/server/system/jobs-report';
import type { Command } from './command';

const when = (at: string | null) => at ?? '-';

/** Read-only: the same view as GET /api/admin/jobs. */
export const jobs: Command<undefined> = {
  name: 'jobs',
  summary: 'List the background jobs: which instance holds each, its lease, last start and finish, last error',
  usage: '',
  example: 'npm run cli -- jobs',
  options: {},
  migrateFirst: false,
  validate: () => undefined,
  async run() {
    const list = await jobsReport();
    const text =
      list.length === 0
        ? 'No jobs yet (they are listed once a server has started).'
        : list
            .map((j) =>
              [
                `${j.name}`,
                `  holder:        ${j.holder ? `${j.holder} (lease until ${j.lease_until})` : 'none'}`,
                `  last started:  ${when(j.last_started_at)}`,
                `  last finished: ${when(j.last_finished_at)}`,
                ...(j.last_error ? [`  last error:    ${j.last_error}`] : []),
              ].join('\n'),
            )
            .join('\n');
    return { json: { jobs: list }, text };
  },
};
