import { getConfig } from '@/server/config';
import { sendMail } from '@/server/mail/mailer';
import { emailParts, type Rendered } from '../templates';
import { errorText, type SendOutcome } from './outcome';

export async function sendEmail(to: string, rendered: Rendered, link: string, locale: string | null = 'en'): Promise<SendOutcome> {
  if (!getConfig().smtpUrl) return { kind: 'skipped', error: 'No SMTP_URL is set: the e-mail was written to the server log instead.' };
  try {
    await sendMail({ to, ...emailParts(rendered, link, locale) });
    return { kind: 'sent' };
  } catch (error) {
    // A 5xx is the server's final word (a refused address); anything else may pass later.
    const code = (error as { responseCode?: number }).responseCode;
    return { kind: code !== undefined && code >= 500 ? 'failed' : 'retry', error: errorText(error) };
  }
}
