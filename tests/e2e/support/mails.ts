import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';

/** Where scripts/e2e-server.mjs writes the mails the server logged (it has no SMTP). */
const MAILS_FILE = path.join(os.tmpdir(), `evconduit-e2e-${process.env.E2E_PORT || '3210'}`, 'mails.jsonl');

interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** The link (path and query) in the newest mail to `email` whose link has `linkPath`, waiting for it to arrive. */
export async function mailedLink(email: string, linkPath: string): Promise<string> {
  const pattern = new RegExp(`https?://[^/\\s]+(${linkPath}\\?token=[\\w-]+)`);
  let link: string | undefined;
  await expect
    .poll(() => {
      const lines = fs.existsSync(MAILS_FILE) ? fs.readFileSync(MAILS_FILE, 'utf8').split('\n').filter(Boolean) : [];
      const mail = lines
        .map((line) => JSON.parse(line) as Mail)
        .filter((m) => m.to === email && pattern.test(m.text))
        .at(-1);
      link = mail && pattern.exec(mail.text)![1];
      return link;
    }, { message: `a mail to ${email} with a ${linkPath} link` })
    .toBeTruthy();
  return link!;
}
