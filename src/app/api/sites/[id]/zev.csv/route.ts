import { z } from 'zod';
import { zevCsv } from '@/server/invoices/exports';
import { monthSchema } from '@/server/invoices/month-usage';
import { csvResponse } from '@/server/http/csv';
import { route } from '@/server/http/route';

/** The ZEV hand-over: 15-minute energy per holder and charge point in the site's local month (owner, manager). */
export const GET = route({ access: 'user', params: z.object({ id: z.uuid() }), query: z.object({ month: monthSchema }) }, async ({ user, params, query }) =>
  csvResponse(await zevCsv(user.id, params.id, query.month)),
);
