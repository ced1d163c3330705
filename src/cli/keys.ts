import type { z } from 'zod';
import { createApiKey, createApiKeySchema } from '@/server/apikeys/apikeys';
import { presentApiKey } from '@/server/apikeys/present';
import { emailSchema } from '@/server/auth/schemas';
import { requireUserByEmail, validateFlags, type Command } from './command';

const keyInput = createApiKeySchema.extend({ email: emailSchema });

export const keyCreate: Command<z.infer<typeof keyInput>> = {
  name: 'key:create',
  summary: 'Create an API key for an account; prints it once. Scope ha (default): the Home Assistant API only; full: everything the account may do',
  usage: '--email <address> --name <name> [--scope ha|full]',
  example: "npm run cli -- key:create --email someone@example.com --name 'Home Assistant'",
  options: { email: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' } },
  required: ['email', 'name'],
  migrateFirst: true,
  validate: (flags) => validateFlags(keyInput, { email: flags.email, name: flags.name, scope: flags.scope }),
  async run(input) {
    const user = await requireUserByEmail(input.email);
    const created = await createApiKey(user.id, input);
    return {
      json: { ...presentApiKey(created), key: created.key },
      text: [
        `API key "${created.name}" (scope ${created.scope}) for ${user.email}:`,
        '',
        `  ${created.key}`,
        '',
        'It is shown only this once: copy it now. Use it as "Authorization: Bearer <key>".',
      ].join('\n'),
    };
  },
};
