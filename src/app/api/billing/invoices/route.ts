import { route } from '@/server/http/route';
import { listInvoices } from '@/server/billing/overview';

export const GET = route({ access: 'user' }, async ({ user }) => ({ invoices: await listInvoices(user) }));
