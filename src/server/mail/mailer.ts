import { getConfig } from '@/server/config';
import { getLogger } from '@/server/observability/logger';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to `text` (notifications). */
  html?: string;
  /** Files sent along (an invoice's PDF). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** No SMTP server may hold a send for longer than this (connect, greeting, each socket gap). */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * Sends through SMTP when SMTP_URL is set; otherwise writes the message to the
 * server log, so a self-hosted installation without mail still works.
 */
export async function sendMail(mail: Mail): Promise<void> {
  const config = getConfig();
  if (!config.smtpUrl) {
    getLogger().info({ mail: { to: mail.to, subject: mail.subject, text: mail.text, attachments: mail.attachments?.map((a) => a.filename) } }, 'mail (no SMTP_URL set, logged instead)');
    return;
  }
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    url: config.smtpUrl,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  await transport.sendMail({ from: config.mailFrom, ...mail });
}
