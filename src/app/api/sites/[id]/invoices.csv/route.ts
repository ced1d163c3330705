import { z } from 'zod';
import { monthCsv } from '@/server/invoices/exports';
import { monthSchema } from '@/server/invoices/month-usage';
import { csvResponse } from '@/server/http/csv';
import { route } from '@/server/http/route';

/** The site's month for accounting: a row per session and price (owner, manager). */
export const GET = route({ access: 'user', params: z.object({ id: z.uuid() }), query: z.object({ month: monthSchema }) }, async ({ user, params, query }) =>
  csvResponse(await monthCsv(user.id, params.id, query.month)),
);
