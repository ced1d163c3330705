import { and, desc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb, type Tx } from '@/server/db/client';
import { invoiceCounters, invoices, siteMembers, sites, type Invoice, type InvoiceLine, type InvoiceSeller, type Site } from '@/server/db/schema';
import { requireSiteRole, siteRole } from '@/server/chargers/site-access';
import { emit } from '@/server/events/domain-events';
import { conflict, notFound } from '@/server/http/errors';
import { mapInSlices } from '@/server/system/slices';
import { D, kwh, money, price, toMinor, type Dec } from './money';
import { endedMonth, forEachPricedSession, monthSchema, type BillTo } from './month-usage';

export const issueSchema = z.object({ month: monthSchema });
export const listQuery = z.object({ month: monthSchema.optional() });
export const statusSchema = z.object({
  status: z.enum(['open', 'paid', 'void'], { error: 'Choose open, paid or void' }),
});

/** Invoices per INSERT: each statement's parameters (the lines as JSON) are serialised in one go on the event loop. */
const INSERT_CHUNK = 10;

/** Every column but the big ones (lines, seller): what a run's answer and lists need. */
const summaryColumns = Object.fromEntries(Object.entries(getTableColumns(invoices)).filter(([key]) => key !== 'lines' && key !== 'seller')) as Omit<
  ReturnType<typeof getTableColumns<typeof invoices>>,
  'lines' | 'seller'
>;
type InvoiceRow = Omit<Invoice, 'lines' | 'seller'>;

interface Draft {
  bill: BillTo;
  currency: string;
  lines: InvoiceLine[];
  energy: Dec;
  net: Dec;
}

export interface IssueSummary {
  month: string;
  time_zone: string;
  issued: ReturnType<typeof presentInvoice>[];
  /** Invoices of the month that already existed (issuing again issues nothing new). */
  already_issued: number;
  /** Sessions whose id tag has neither a member nor a holder: listed, not invoiced. */
  unassigned: { transaction_id: string; id_tag: string; charge_point: string; started_at: string; energy_kwh: string }[];
  /** Sessions on a charge point without a tariff: no price, not invoiced. */
  unpriced: { transaction_id: string; id_tag: string; charge_point: string; started_at: string; energy_kwh: string }[];
}

/** The month's invoices to issue, per person billed and currency (nothing written). */
async function drafts(site: Site, month: string, range: { from: Date; to: Date }) {
  const byBill = new Map<string, Draft>();
  const unassigned: IssueSummary['unassigned'] = [];
  const unpriced: IssueSummary['unpriced'] = [];
  // A site has few prices: each parsed once, not once per line.
  const prices = new Map<string, Dec>();
  const priceOf = (p: string) => prices.get(p) ?? prices.set(p, price(p)).get(p)!;
  await forEachPricedSession(site, range, (s) => {
    const brief = () => ({
      transaction_id: s.transactionId,
      id_tag: s.idTag,
      charge_point: s.chargePoint,
      started_at: s.startedAt.toISOString(),
      energy_kwh: kwh(s.energy.wh).toFixed(3),
    });
    if (!s.bill) {
      unassigned.push(brief());
      return;
    }
    if (!s.tariff) {
      unpriced.push(brief());
      return;
    }
    const currency = s.tariff.currency;
    const key = `${s.bill.key}|${currency}`;
    const draft = byBill.get(key) ?? { bill: s.bill, currency, lines: [], energy: new D(0), net: new D(0) };
    byBill.set(key, draft);
    const periods = [...s.energy.byPrice]
      .sort((a, b) => Number(a[0]) - Number(b[0]))
      .map(([p, wh]) => {
        const energy = kwh(wh);
        const perKwh = priceOf(p);
        const amount = toMinor(energy.mul(perKwh), currency);
        draft.energy = draft.energy.add(energy);
        draft.net = draft.net.add(amount);
        return { price_per_kwh: perKwh.toFixed(4), energy_kwh: energy.toFixed(3), amount: money(amount, currency) };
      });
    draft.lines.push({
      transaction_id: s.transactionId,
      charge_point: s.chargePoint,
      id_tag: s.idTag,
      started_at: s.startedAt.toISOString(),
      stopped_at: s.stoppedAt?.toISOString() ?? null,
      periods,
    });
  });
  return { drafts: [...byBill.values()], unassigned, unpriced, month };
}

const seller = (site: Site): InvoiceSeller => ({ site_name: site.name, legal_name: site.legalName, legal_address: site.legalAddress, vat_id: site.vatId });

/** Locks the site's counter row (created at 0 the first time) and returns the last number issued. */
async function lockCounter(tx: Tx, siteId: string): Promise<number> {
  await tx.insert(invoiceCounters).values({ siteId, lastNumber: 0 }).onConflictDoNothing();
  const [row] = await tx.select().from(invoiceCounters).where(eq(invoiceCounters.siteId, siteId)).for('update');
  return row.lastNumber;
}

/**
 * Issues the month's invoices for a site (owner or manager): one per person
 * billed (and currency), numbered after the site's last number in the same
 * transaction that raises the counter, so numbers never repeat or skip, even
 * with runs on several instances at once (the counter row's lock orders
 * them; the second run sees what the first issued and issues only the rest).
 * Idempotent: people already invoiced for the month get nothing new. E-mails
 * go out after commit (`invoices.issued` → the invoice mail job).
 */
export async function issueMonth(userId: string, siteId: string, month: string): Promise<IssueSummary> {
  const { site } = await requireSiteRole(userId, siteId, ['owner', 'manager']);
  const range = endedMonth(site, month);
  const planned = await drafts(site, month, range);
  const db = await getDb();
  const at = now();
  const result = await db.transaction(async (tx) => {
    let last = await lockCounter(tx, site.id);
    const existing = await tx
      .select({ billKey: invoices.billKey, currency: invoices.currency })
      .from(invoices)
      .where(and(eq(invoices.siteId, site.id), eq(invoices.month, month), eq(invoices.kind, 'invoice'), isNull(invoices.creditedAt)));
    const done = new Set(existing.map((e) => `${e.billKey}|${e.currency}`));
    // The site as it is now (legal details, VAT rate), read under the lock.
    const [current] = await tx.select().from(sites).where(eq(sites.id, site.id));
    const rate = new D(current.vatRatePercent);
    const todo = planned.drafts
      .filter((d) => !done.has(`${d.bill.key}|${d.currency}`))
      .sort((a, b) => a.bill.name.localeCompare(b.bill.name) || a.bill.key.localeCompare(b.bill.key) || a.currency.localeCompare(b.currency));
    const rows = await mapInSlices(todo, (d) => {
      const vat = toMinor(d.net.mul(rate).div(100), d.currency);
      return {
        siteId: site.id,
        number: ++last,
        kind: 'invoice' as const,
        month,
        timeZone: current.timeZone,
        billKey: d.bill.key,
        memberId: d.bill.memberId,
        recipientName: d.bill.name,
        recipientEmail: d.bill.email,
        currency: d.currency,
        energyKwh: d.energy.toFixed(3),
        net: money(d.net, d.currency),
        vatRatePercent: current.vatRatePercent,
        vat: money(vat, d.currency),
        total: money(d.net.add(vat), d.currency),
        seller: seller(current),
        lines: d.lines,
        emailStatus: d.bill.email ? ('pending' as const) : ('none' as const),
        issuedAt: at,
        issuedBy: userId,
      };
    });
    const inserted: InvoiceRow[] = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) inserted.push(...(await tx.insert(invoices).values(rows.slice(i, i + INSERT_CHUNK)).returning(summaryColumns)));
    if (rows.length > 0) await tx.update(invoiceCounters).set({ lastNumber: last }).where(eq(invoiceCounters.siteId, site.id));
    return { inserted, already: done.size };
  });
  if (result.inserted.length > 0) emit({ type: 'invoices.issued', siteId: site.id, count: result.inserted.length });
  return {
    month,
    time_zone: site.timeZone,
    issued: result.inserted.map(presentInvoice),
    already_issued: result.already,
    unassigned: planned.unassigned,
    unpriced: planned.unpriced,
  };
}

/** The stored amounts (numeric, 4 places) at the currency's minor unit, as issued. */
export const amounts = (i: Pick<Invoice, 'net' | 'vat' | 'total' | 'currency'>) => ({
  net: money(new D(i.net), i.currency),
  vat: money(new D(i.vat), i.currency),
  total: money(new D(i.total), i.currency),
});

export function presentInvoice(i: InvoiceRow) {
  return {
    id: i.id,
    site_id: i.siteId,
    number: i.number,
    kind: i.kind,
    credits_invoice_id: i.creditsInvoiceId,
    credited_at: i.creditedAt?.toISOString() ?? null,
    month: i.month,
    time_zone: i.timeZone,
    recipient: { name: i.recipientName, email: i.recipientEmail, member_id: i.memberId },
    currency: i.currency,
    energy_kwh: i.energyKwh,
    ...amounts(i),
    vat_rate_percent: i.vatRatePercent,
    status: i.status,
    status_changed_at: i.statusChangedAt?.toISOString() ?? null,
    email: { status: i.emailStatus, error: i.emailError },
    issued_at: i.issuedAt.toISOString(),
  };
}

/** With its seller and lines (the detail and the PDF). */
export const presentInvoiceDetail = (i: Invoice) => ({ ...presentInvoice(i), seller: i.seller, lines: i.lines });

/** The member ids of the user on a site (a driver's own invoices). */
async function ownMemberIds(userId: string, siteId?: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: siteMembers.id })
    .from(siteMembers)
    .where(and(eq(siteMembers.userId, userId), siteId ? eq(siteMembers.siteId, siteId) : undefined));
  return rows.map((r) => r.id);
}

/** A site's invoices (newest number first): everything for the owner and managers, a driver's own for a driver. */
export async function listSiteInvoices(userId: string, siteId: string, month?: string): Promise<Invoice[]> {
  const { role } = await requireSiteRole(userId, siteId, ['owner', 'manager', 'driver']);
  const db = await getDb();
  const mine = role === 'driver' ? await ownMemberIds(userId, siteId) : null;
  if (mine && mine.length === 0) return [];
  return db
    .select()
    .from(invoices)
    .where(and(eq(invoices.siteId, siteId), month ? eq(invoices.month, month) : undefined, mine ? inArray(invoices.memberId, mine) : undefined))
    .orderBy(desc(invoices.number));
}

/** A driver's invoices across sites. */
export async function myInvoices(userId: string): Promise<Invoice[]> {
  const mine = await ownMemberIds(userId);
  if (mine.length === 0) return [];
  const db = await getDb();
  return db.select().from(invoices).where(inArray(invoices.memberId, mine)).orderBy(desc(invoices.issuedAt), desc(invoices.number));
}

/**
 * The invoice when the user may see it: the site's owner and managers, or
 * the driver it is billed to. Anyone else gets 404 (its existence is not
 * revealed). `manage`: only the owner and managers (403 for its driver).
 */
export async function getInvoice(userId: string, id: string, { manage = false } = {}): Promise<Invoice> {
  const db = await getDb();
  const [row] = await db
    .select({ invoice: invoices, memberUserId: siteMembers.userId })
    .from(invoices)
    .leftJoin(siteMembers, and(eq(siteMembers.id, invoices.memberId), eq(siteMembers.siteId, invoices.siteId)))
    .where(eq(invoices.id, id));
  if (!row) throw notFound('invoice');
  const found = await siteRole(userId, row.invoice.siteId);
  if (!found) throw notFound('invoice');
  if (found.role === 'driver') {
    if (row.memberUserId !== userId) throw notFound('invoice');
    if (manage) await requireSiteRole(userId, row.invoice.siteId, ['owner', 'manager']);
  }
  return row.invoice;
}

/** Open ↔ paid, and void (final): set by the owner or a manager. Content never changes. */
export async function setInvoiceStatus(userId: string, id: string, status: Invoice['status']): Promise<Invoice> {
  const invoice = await getInvoice(userId, id, { manage: true });
  if (invoice.status === status) return invoice;
  if (invoice.status === 'void') throw conflict('invoice_void', 'errors.invoices.void');
  const db = await getDb();
  const [row] = await db
    .update(invoices)
    .set({ status, statusChangedAt: now() })
    .where(and(eq(invoices.id, id), sql`${invoices.status} <> 'void'`))
    .returning();
  if (!row) throw conflict('invoice_void', 'errors.invoices.void');
  return row;
}

const negate = (amount: string) => (amount.startsWith('-') ? amount.slice(1) : /^0(\.0*)?$/.test(amount) ? amount : `-${amount}`);

/**
 * A credit note cancelling an invoice in full: the next number of the site,
 * the invoice's lines with negative amounts. The invoice becomes void and its
 * person may be invoiced for the month again (a corrected invoice). One
 * credit note per invoice.
 */
export async function creditInvoice(userId: string, id: string): Promise<Invoice> {
  const invoice = await getInvoice(userId, id, { manage: true });
  if (invoice.kind !== 'invoice') throw conflict('not_an_invoice', 'errors.invoices.creditNoteCredited');
  const db = await getDb();
  const at = now();
  const note = await db.transaction(async (tx) => {
    const last = await lockCounter(tx, invoice.siteId);
    const [original] = await tx.select().from(invoices).where(eq(invoices.id, id)).for('update');
    if (original.creditedAt) throw conflict('already_credited', 'errors.invoices.alreadyCredited');
    const [row] = await tx
      .insert(invoices)
      .values({
        siteId: original.siteId,
        number: last + 1,
        kind: 'credit_note',
        creditsInvoiceId: original.id,
        month: original.month,
        timeZone: original.timeZone,
        billKey: original.billKey,
        memberId: original.memberId,
        recipientName: original.recipientName,
        recipientEmail: original.recipientEmail,
        currency: original.currency,
        energyKwh: negate(original.energyKwh),
        net: negate(original.net),
        vatRatePercent: original.vatRatePercent,
        vat: negate(original.vat),
        total: negate(original.total),
        seller: original.seller,
        lines: original.lines.map((l) => ({ ...l, periods: l.periods.map((p) => ({ ...p, energy_kwh: negate(p.energy_kwh), amount: negate(p.amount) })) })),
        emailStatus: original.recipientEmail ? 'pending' : 'none',
        issuedAt: at,
        issuedBy: userId,
      })
      .returning();
    await tx.update(invoices).set({ creditedAt: at, status: 'void', statusChangedAt: at }).where(eq(invoices.id, original.id));
    await tx.update(invoiceCounters).set({ lastNumber: last + 1 }).where(eq(invoiceCounters.siteId, original.siteId));
    return row;
  });
  emit({ type: 'invoices.issued', siteId: note.siteId, count: 1 });
  return note;
}

/** The invoice number as printed: the site's sequence, credit notes prefixed CN. */
