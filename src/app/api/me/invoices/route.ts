import { myInvoices, presentInvoice } from '@/server/invoices/invoices';
import { route } from '@/server/http/route';

/** The signed-in driver's own invoices and credit notes, across sites. */
export const GET = route({ access: 'user' }, async ({ user }) => ({ invoices: (await myInvoices(user.id)).map(presentInvoice) }));
