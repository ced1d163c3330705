/**
 * The invoice mail job: sends each issued invoice (and credit note) with a
 * recipient e-mail once, with its PDF attached. The invoice row is its own
 * outbox entry (`email_status`): written `pending` in the transaction that
 * issues it, claimed `sending` (FOR UPDATE SKIP LOCKED) before anything goes
 * out, then `sent`, retried with back-off, or `failed`. At most once, like
 * notifications: a row left `sending` by a crash is marked failed "in doubt".
 */
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { invoices, type Invoice } from '@/server/db/schema';
import { sendMail } from '@/server/mail/mailer';
import { getLogger } from '@/server/observability/logger';
import { wakeJob } from '@/server/system/jobs';
import { pollingJob } from '@/server/system/polling-job';
import { invoiceLabel } from '@/lib/invoice-label';
import { amounts } from './invoices';
import { pdfFilename, renderInvoicePdf } from './pdf';

const JOB = 'invoice mail';
const POLL_MS = 5000;
const BATCH = 10;
const MAX_ATTEMPTS = 6;
const IN_DOUBT_AFTER_MS = 120_000;

async function claim(): Promise<Invoice[]> {
  const db = await getDb();
  const at = now();
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.emailStatus, 'pending'), or(isNull(invoices.emailNextAt), lte(invoices.emailNextAt, at))))
      .orderBy(asc(invoices.issuedAt), asc(invoices.number))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(invoices)
      .set({ emailStatus: 'sending', emailAttempts: sql`${invoices.emailAttempts} + 1`, emailNextAt: at })
      .where(inArray(invoices.id, due.map((d) => d.id)))
      .returning();
  });
}

async function send(invoice: Invoice): Promise<void> {
  const db = await getDb();
  const label = invoiceLabel(invoice);
  const what = invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  const { total } = amounts(invoice);
  const link = new URL(`/invoices/${invoice.id}`, getConfig().appUrl).toString();
  let set: Partial<Invoice>;
  try {
    if (!getConfig().smtpUrl) throw Object.assign(new Error('No SMTP_URL is set: the e-mail was written to the server log instead.'), { final: true });
    await sendMail({
      to: invoice.recipientEmail!,
      subject: `${what} ${label} for ${invoice.month}: ${total} ${invoice.currency} (${invoice.seller.legal_name ?? invoice.seller.site_name})`,
      text: `${what} ${label} for your charging at ${invoice.seller.site_name} in ${invoice.month}: ${invoice.energyKwh} kWh, total ${total} ${invoice.currency} including VAT.\n\nThe PDF is attached; you can also see it at ${link}\n`,
      attachments: [{ filename: pdfFilename(invoice), content: await renderInvoicePdf(invoice), contentType: 'application/pdf' }],
    });
    set = { emailStatus: 'sent', emailError: null };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    const final = (error as { final?: boolean }).final || (code !== undefined && code >= 500) || invoice.emailAttempts >= MAX_ATTEMPTS;
    const message = error instanceof Error ? error.message : String(error);
    set = final
      ? { emailStatus: 'failed', emailError: message }
      : { emailStatus: 'pending', emailError: message, emailNextAt: new Date(now().getTime() + 30_000 * 2 ** (invoice.emailAttempts - 1)) };
    getLogger().warn({ invoiceId: invoice.id, err: error }, 'invoice mail not sent');
  }
  await db
    .update(invoices)
    .set(set)
    .where(and(eq(invoices.id, invoice.id), eq(invoices.emailStatus, 'sending')));
}

async function resolveInDoubt(): Promise<void> {
  const db = await getDb();
  await db
    .update(invoices)
    .set({ emailStatus: 'failed', emailError: 'In doubt: the server stopped while sending it. It may have arrived, so it is not sent again.' })
    .where(and(eq(invoices.emailStatus, 'sending'), lt(invoices.emailNextAt, new Date(now().getTime() - IN_DOUBT_AFTER_MS))));
}

export const invoiceMailJob = pollingJob(JOB, POLL_MS, async () => {
  await resolveInDoubt();
  for (let claimed = await claim(); claimed.length > 0; claimed = await claim()) {
    for (const invoice of claimed) await send(invoice);
  }
});

export function wakeInvoiceMail(): void {
  wakeJob(JOB);
}
