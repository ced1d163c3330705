import { z } from 'zod';
import { isEmailVerified } from '@/server/auth/local';
import { clearedSessionCookie } from '@/server/auth/session';
import { nameSchema } from '@/server/auth/schemas';
import { LOCALES } from '@/i18n/locales';
import { route } from '@/server/http/route';
import { effectiveTier } from '@/server/plans/limits';
import { jsonWithCookie } from '@/server/http/responses';
import { presentUser } from '@/server/users/present';
import { deleteUser, updateUser } from '@/server/users/users';

export const GET = route({ access: 'user', keyScope: 'ha', allowUnapproved: true }, async ({ user }) =>
  presentUser(user, { emailVerified: await isEmailVerified(user.id), tier: await effectiveTier(user) }),
);

export const PATCH = route(
  {
    access: 'user',
    allowUnapproved: true,
    body: z
      .object({
        name: nameSchema.nullable().optional(),
        // The language of the app, e-mails and API errors; null follows the browser.
        locale: z.enum(LOCALES, { error: 'Choose English, Swedish or German' }).nullable().optional(),
      })
      .strict(),
  },
  async ({ user, body }) => presentUser(await updateUser(user.id, user.id, body)),
);

export const DELETE = route(
  { access: 'user', allowUnapproved: true, body: z.object({ confirm: z.literal('DELETE') }) },
  async ({ user }) => {
    await deleteUser(user.id, user.id);
    return jsonWithCookie({ status: 'deleted' }, clearedSessionCookie());
  },
);
