import { z } from 'zod';
import { issueMonth, issueSchema, listQuery, listSiteInvoices, presentInvoice } from '@/server/invoices/invoices';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

/** The site's invoices and credit notes (a driver: only their own), optionally of one month. */
export const GET = route({ access: 'user', params, query: listQuery }, async ({ user, params, query }) => ({
  invoices: (await listSiteInvoices(user.id, params.id, query.month)).map(presentInvoice),
}));

/** Issues the month's invoices (owner, manager); issuing a month again issues only what is missing. */
export const POST = route({ access: 'user', params, body: issueSchema }, async ({ user, params, body }) => {
  const summary = await issueMonth(user.id, params.id, body.month);
  return Response.json(summary, { status: summary.issued.length > 0 ? 201 : 200 });
});
