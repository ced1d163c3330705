/**
 * A real SMTP server (nodemailer's smtp-server) that keeps every message it
 * is given: the envelope recipients and the raw message, with its subject
 * and text and HTML parts found by a plain reading of the MIME structure.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createInbox } from './inbox';

export interface SunkMail {
  to: string[];
  subject: string;
  raw: string;
}

export interface SmtpSink {
  /** For SMTP_URL. */
  url: string;
  received: SunkMail[];
  /** The next `count` messages are refused with a temporary error (451). */
  failNext(count: number): void;
  waitFor(match: (mail: SunkMail) => boolean, timeoutMs?: number): Promise<SunkMail>;
  close(): Promise<void>;
}

/** The decoded Subject header (nodemailer encodes non-ASCII as RFC 2047 words). */
function subjectOf(raw: string): string {
  const header = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const value = /^Subject: (.*)$/im.exec(header)?.[1] ?? '';
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const inbox = createInbox<SunkMail>('mail', (m) => m.subject);
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        inbox.add({ to: session.envelope.rcptTo.map((r) => r.address), subject: subjectOf(raw), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: inbox.received,
    failNext: (count) => void (failures = count),
    waitFor: inbox.waitFor,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
