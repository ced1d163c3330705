import { getConfig } from '@/server/config';
import { getLogger } from '@/server/observability/logger';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends through SMTP when SMTP_URL is set; otherwise writes the message to the
 * server log, so a self-hosted installation without mail still works.
 */
export async function sendMail(mail: Mail): Promise<void> {
  const config = getConfig();
  if (!config.smtpUrl) {
    getLogger().info({ mail: { to: mail.to, subject: mail.subject, text: mail.text } }, 'mail (no SMTP_URL set, logged instead)');
    return;
  }
  const { createTransport } = await import('nodemailer');
  await createTransport(config.smtpUrl).sendMail({ from: config.mailFrom, ...mail });
}
