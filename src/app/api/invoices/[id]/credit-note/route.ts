import { z } from 'zod';
import { creditInvoice, presentInvoiceDetail } from '@/server/invoices/invoices';
import { route } from '@/server/http/route';

/** Cancels the invoice with a credit note (the next number); the month may then be issued again for that person. */
export const POST = route({ access: 'user', params: z.object({ id: z.uuid() }) }, async ({ user, params }) =>
  Response.json(presentInvoiceDetail(await creditInvoice(user.id, params.id)), { status: 201 }),
);
