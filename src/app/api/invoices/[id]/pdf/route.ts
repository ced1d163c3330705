import { z } from 'zod';
import { getInvoice } from '@/server/invoices/invoices';
import { pdfFilename, renderInvoicePdf } from '@/server/invoices/pdf';
import { route } from '@/server/http/route';

/** The invoice as a PDF download (owner, manager, or the driver billed). */
export const GET = route({ access: 'user', params: z.object({ id: z.uuid() }) }, async ({ user, params }) => {
  const invoice = await getInvoice(user.id, params.id);
  return new Response(new Uint8Array(await renderInvoicePdf(invoice)), {
    headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${pdfFilename(invoice).replace(/[^\w.-]/g, '_')}"` },
  });
});
