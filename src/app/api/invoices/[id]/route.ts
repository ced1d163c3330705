import { z } from 'zod';
import { getInvoice, presentInvoiceDetail, setInvoiceStatus, statusSchema } from '@/server/invoices/invoices';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

/** One invoice or credit note with its seller, lines and totals (owner, manager, or the driver billed). */
export const GET = route({ access: 'user', params }, async ({ user, params }) => presentInvoiceDetail(await getInvoice(user.id, params.id)));

/** Its state: open, paid or void (owner, manager). */
export const PATCH = route({ access: 'user', params, body: statusSchema }, async ({ user, params, body }) =>
  presentInvoiceDetail(await setInvoiceStatus(user.id, params.id, body.status)),
);
