import type { z } from 'zod';
import { createApiKey, createApiKeySchema } from '@/server/apikeys/apikeys';
import { presentApiKey } from '@/server/apikeys/present';
import { emailSchema } from '@/server/auth/schemas';
import { requireUserByEmail, validateFlags, type Command } from './command';

const keyInput = createApiKeySchema.extend({ email: emailSchema });

export const keyCreate: Command<z.infer<typeof keyInput>> = {
  name: 'key:create',
  summary: 'Create an API key for an account (for Home Assistant); prints it once',
  usage: '--email <address> --name <name>',
  example: "npm run cli -- key:create --email someone@example.com --name 'Home Assistant'",
  options: { email: { type: 'string' }, name: { type: 'string' } },
  required: ['email', 'name'],
  migrateFirst: true,
  validate: (flags) => validateFlags(keyInput, { email: flags.email, name: flags.name }),
  async run(input) {
    const user = await requireUserByEmail(input.email);
    const created = await createApiKey(user.id, input.name);
    return {
      json: { ...presentApiKey(created), key: created.key },
      text: [
        `API key "${created.name}" for ${user.email}:`,
        '',
        `  ${created.key}`,
        '',
        'It is shown only this once: copy it now. Use it as "Authorization: Bearer <key>".',
      ].join('\n'),
    };
  },
};
