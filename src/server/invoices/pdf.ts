import PDFDocument from 'pdfkit';
import type { Invoice } from '@/server/db/schema';
import { formatLocal } from '@/server/chargers/local-time';
import { invoiceLabel } from '@/lib/invoice-label';
import { amounts } from './invoices';

/** pdfkit's standard fonts speak WinAnsi: anything else (emoji, CJK) becomes "?" rather than breaking the file. */
const safe = (text: string) => text.replace(/[^\u0020-\u007e\u00a0-\u00ff\n]/g, '?');

const local = (iso: string | null, timeZone: string) => (iso ? formatLocal(Date.parse(iso), timeZone).slice(0, 16).replace('T', ' ') : 'running');

/**
 * The invoice (or credit note) as a PDF, from its stored content: the same
 * document every time it is downloaded or mailed. Times in the site's local
 * time; amounts as issued.
 */
export function renderInvoicePdf(invoice: Invoice): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${invoiceLabel(invoice)} ${invoice.month}`, Producer: 'EVConduit' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const s = invoice.seller;
  const cur = invoice.currency;
  const title = invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice';

  doc.font('Helvetica-Bold').fontSize(18).text(`${title} ${invoiceLabel(invoice)}`);
  doc.font('Helvetica').fontSize(10).moveDown(0.5);
  doc.text(safe(s.legal_name ?? s.site_name));
  if (s.legal_address) doc.text(safe(s.legal_address));
  if (s.vat_id) doc.text(`VAT ID: ${safe(s.vat_id)}`);
  doc.moveDown();
  doc.text(`Billed to: ${safe(invoice.recipientName)}`);
  if (invoice.recipientEmail) doc.text(safe(invoice.recipientEmail));
  doc.moveDown();
  doc.text(`Site: ${safe(s.site_name)}`);
  doc.text(`Period: ${invoice.month} (${invoice.timeZone})`);
  doc.text(`Issued: ${local(invoice.issuedAt.toISOString(), invoice.timeZone)}`);
  if (invoice.kind === 'credit_note') doc.text('This credit note cancels the invoice with the same period and recipient in full.');
  doc.moveDown();

  doc.font('Helvetica-Bold').text('Sessions');
  doc.font('Helvetica');
  for (const line of invoice.lines) {
    doc.moveDown(0.3);
    doc.text(`${local(line.started_at, invoice.timeZone)} to ${local(line.stopped_at, invoice.timeZone)}  ${safe(line.charge_point)}  tag ${safe(line.id_tag)}`);
    for (const p of line.periods) doc.text(`    ${p.energy_kwh} kWh x ${p.price_per_kwh} ${cur}/kWh = ${p.amount} ${cur}`);
  }
  doc.moveDown();
  doc.font('Helvetica-Bold').text('Totals');
  doc.font('Helvetica');
  doc.text(`Energy: ${invoice.energyKwh} kWh`);
  const { net, vat, total } = amounts(invoice);
  doc.text(`Net: ${net} ${cur}`);
  doc.text(`VAT ${invoice.vatRatePercent} %: ${vat} ${cur}`);
  doc.font('Helvetica-Bold').text(`Total: ${total} ${cur}`);
  doc.end();
  return done;
}

export const pdfFilename = (invoice: Invoice) => `${invoiceLabel(invoice)}-${invoice.month}.pdf`;
