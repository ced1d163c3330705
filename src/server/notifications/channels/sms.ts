/**
 * SMS through Twilio's REST API (Messages resource): a form-encoded POST with
 * Basic auth. Each notification SMS costs the user one credit, taken by one
 * conditional UPDATE before the send (so concurrent sends can never take the
 * balance below zero; a CHECK in the schema backs it up) and given back when
 * Twilio refuses the message for good or it was certainly never sent.
 */
import { eq, gt, and, sql } from 'drizzle-orm';
import { getConfig } from '@/server/config';
import type { Db, Tx } from '@/server/db/client';
import { users } from '@/server/db/schema';
import { translatedError } from '@/server/http/errors';
import type { Rendered } from '../templates';
import { errorText, type SendOutcome } from './outcome';

const TIMEOUT_MS = 10_000;
/** Two GSM-7 segments at most: the title and the first lines, cut with an ellipsis. */
export const SMS_MAX_CHARS = 306;
/** Errors that mean the request never left this machine, so it certainly was not sent. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export const smsNotConfigured = () =>
  translatedError(409, 'sms_not_configured', 'errors.sms.notConfigured');

export function smsAvailable(): boolean {
  return getConfig().twilio !== undefined;
}

/** Throws 409 `sms_not_configured` without the Twilio settings. */
export function requireSms() {
  const twilio = getConfig().twilio;
  if (!twilio) throw smsNotConfigured();
  return twilio;
}

export function smsText(rendered: Rendered, link: string): string {
  const text = [rendered.title, ...rendered.lines, link].join('\n');
  return text.length <= SMS_MAX_CHARS ? text : `${text.slice(0, SMS_MAX_CHARS - 1)}…`;
}

export type SmsOutcome = SendOutcome & { sid?: string; refund?: boolean };

/** Sends one SMS. `retry` and `failed` say whether the credit is to be given back (`refund`). */
export async function sendSms(to: string, body: string): Promise<SmsOutcome> {
  const twilio = requireSms();
  const form = new URLSearchParams({ To: to, Body: body });
  form.set(twilio.from.startsWith('MG') ? 'MessagingServiceSid' : 'From', twilio.from);
  let response: Response;
  try {
    response = await fetch(`${twilio.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(twilio.accountSid)}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    // Never reached Twilio: try again later, and the credit comes back meanwhile.
    if (code && NOT_SENT_CODES.has(code)) return { kind: 'retry', error: `Twilio could not be reached (${code})`, refund: true };
    // The request may have arrived (a timeout, a reset connection): sending again could text twice.
    return { kind: 'failed', error: `No clear answer from Twilio (${errorText(error)}); it may have been sent, so it is not sent again.` };
  }
  const text = (await response.text().catch(() => '')).slice(0, 64 * 1024);
  let json: { sid?: unknown; message?: unknown; code?: unknown } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // not JSON: the status decides
  }
  if (response.status >= 200 && response.status < 300) {
    return { kind: 'sent', sid: typeof json.sid === 'string' ? json.sid.slice(0, 64) : undefined };
  }
  const detail = typeof json.message === 'string' ? json.message.slice(0, 300) : text.slice(0, 200);
  const error = `Twilio answered ${response.status}${json.code ? ` (error ${String(json.code).slice(0, 10)})` : ''}${detail ? `: ${detail}` : ''}`;
  // 5xx and 429: Twilio did not take it; back-off and try again. Any other 4xx is final.
  return { kind: response.status >= 500 || response.status === 429 ? 'retry' : 'failed', error, refund: true };
}

/** Without billing (no Stripe) nothing is sold, so SMS cost no credits. */
export const smsCharged = () => getConfig().stripe !== undefined;

/** Takes one credit if there is one (one statement: the balance never goes below zero). */
export async function spendSmsCredit(db: Db | Tx, userId: string): Promise<boolean> {
  if (!smsCharged()) return true;
  const spent = await db
    .update(users)
    .set({ smsCredits: sql`${users.smsCredits} - 1` })
    .where(and(eq(users.id, userId), gt(users.smsCredits, 0)))
    .returning({ left: users.smsCredits });
  return spent.length > 0;
}

export async function refundSmsCredit(db: Db | Tx, userId: string): Promise<void> {
  if (!smsCharged()) return;
  await db
    .update(users)
    .set({ smsCredits: sql`${users.smsCredits} + 1` })
    .where(eq(users.id, userId));
}
