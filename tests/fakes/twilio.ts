/**
 * A real HTTP server following Twilio's Messages API
 * (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded
 * `To`, `From` or `MessagingServiceSid`, `Body`, HTTP Basic auth with the
 * account SID and auth token): 401 for wrong credentials (error 20003), 400
 * for an invalid `To` (error 21211) or a missing `Body` (21602), 201 with a
 * message resource otherwise. Tests can make the next requests answer
 * 500, 429 or 400, or answer slowly.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInbox } from './inbox';

export const FAKE_TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const FAKE_TWILIO_TOKEN = 'fake-twilio-auth-token';
export const FAKE_TWILIO_FROM = '+15005550006';

export interface TwilioMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
}

export interface FakeTwilio {
  url: string;
  /** TWILIO_* settings pointing the server at this fake. */
  env: Record<string, string>;
  received: TwilioMessage[];
  /** The next `count` requests get `status` (500, 429, 400…) and are not sent. */
  failNext(count: number, status: number): void;
  /** Every request is answered after this long (the message counts as sent when it arrives). */
  delay(ms: number): void;
  waitFor(match: (m: TwilioMessage) => boolean, timeoutMs?: number): Promise<TwilioMessage>;
  close(): Promise<void>;
}

const json = (res: http.ServerResponse, status: number, body: unknown) =>
  void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const twilioError = (res: http.ServerResponse, status: number, code: number, message: string) =>
  json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const inbox = createInbox<TwilioMessage>('SMS', (m) => `${m.to}: ${m.body.split('\n')[0]}`);
  let failures = 0;
  let failStatus = 500;
  let delayMs = 0;
  const expectedAuth = `Basic ${Buffer.from(`${FAKE_TWILIO_SID}:${FAKE_TWILIO_TOKEN}`).toString('base64')}`;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      // Decided (and a message recorded) on arrival, answered after the delay: a slow answer is a sent SMS.
      const answer = (() => {
        const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !match) return () => twilioError(res, 404, 20404, 'The requested resource was not found');
        if (req.headers.authorization !== expectedAuth || match[1] !== FAKE_TWILIO_SID) return () => twilioError(res, 401, 20003, 'Authenticate');
        if (failures > 0) {
          failures--;
          return () => twilioError(res, failStatus, failStatus === 429 ? 20429 : failStatus >= 500 ? 20500 : 21610, `Failing as told (${failStatus})`);
        }
        if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return () => twilioError(res, 400, 20001, 'Bad content type');
        const form = new URLSearchParams(raw);
        const to = form.get('To') ?? '';
        const from = form.get('From');
        const service = form.get('MessagingServiceSid');
        const body = form.get('Body') ?? '';
        if (!/^\+[1-9]\d{6,14}$/.test(to)) return () => twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
        if (!from && !service) return () => twilioError(res, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
        if (!body) return () => twilioError(res, 400, 21602, 'Message body is required.');
        if (body.length > 1600) return () => twilioError(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
        const message: TwilioMessage = { sid: `SM${randomBytes(16).toString('hex')}`, to, from, messagingServiceSid: service, body };
        inbox.add(message);
        const at = new Date().toUTCString();
        return () => json(res, 201, {
          account_sid: FAKE_TWILIO_SID,
          api_version: '2010-04-01',
          body,
          date_created: at,
          date_sent: null,
          date_updated: at,
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from,
          messaging_service_sid: service,
          num_media: '0',
          num_segments: String(Math.ceil(body.length / 153)),
          price: null,
          price_unit: 'USD',
          sid: message.sid,
          status: 'queued',
          to,
          uri: `/2010-04-01/Accounts/${FAKE_TWILIO_SID}/Messages/${message.sid}.json`,
        });
      })();
      setTimeout(answer, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: { TWILIO_ACCOUNT_SID: FAKE_TWILIO_SID, TWILIO_AUTH_TOKEN: FAKE_TWILIO_TOKEN, TWILIO_FROM: FAKE_TWILIO_FROM, TWILIO_API_URL: url },
    received: inbox.received,
    failNext: (count, status) => void ((failures = count), (failStatus = status)),
    delay: (ms) => void (delayMs = ms),
    waitFor: inbox.waitFor,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
