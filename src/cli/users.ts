import { z } from 'zod';
import { createLocalAccount, isEmailVerified, setPassword } from '@/server/auth/local';
import { emailSchema, passwordSchema, signUpSchema } from '@/server/auth/schemas';
import { presentUser } from '@/server/users/present';
import { updateUser } from '@/server/users/users';
import { requireUserByEmail, validateFlags, type Command } from './command';

export const userCreate: Command<z.infer<typeof signUpSchema> & { admin: boolean }> = {
  name: 'user:create',
  summary: 'Create a local account; the e-mail address counts as verified',
  usage: '--email <address> --password <password> [--name <name>] [--admin]',
  example: "npm run cli -- user:create --email admin@example.com --password 'correct horse battery' --admin",
  options: {
    email: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string' },
    admin: { type: 'boolean' },
  },
  required: ['email', 'password'],
  migrateFirst: true,
  validate: (flags) => ({
    ...validateFlags(signUpSchema, { email: flags.email, password: flags.password, name: flags.name }),
    admin: flags.admin === true,
  }),
  async run({ admin, ...account }) {
    let user = await createLocalAccount(account, { emailVerified: true });
    // The first account of an installation is already an administrator.
    if (admin && user.role !== 'admin') user = await updateUser(null, user.id, { role: 'admin' });
    return {
      json: { user: presentUser(user) },
      text: `Created ${user.role === 'admin' ? 'administrator' : 'user'} ${user.email} (id ${user.id}).`,
    };
  },
};

const emailOnly = z.object({ email: emailSchema });
const emailAndPassword = z.object({ email: emailSchema, password: passwordSchema });

export const userAdmin: Command<z.infer<typeof emailOnly>> = {
  name: 'user:admin',
  summary: 'Make an existing account an administrator',
  usage: '--email <address>',
  example: 'npm run cli -- user:admin --email someone@example.com',
  options: { email: { type: 'string' } },
  required: ['email'],
  migrateFirst: true,
  validate: (flags) => validateFlags(emailOnly, { email: flags.email }),
  async run({ email }) {
    const found = await requireUserByEmail(email);
    const user = found.role === 'admin' ? found : await updateUser(null, found.id, { role: 'admin' });
    return {
      json: { user: presentUser(user, { emailVerified: await isEmailVerified(user.id) }) },
      text: found.role === 'admin' ? `${user.email} already is an administrator.` : `${user.email} is now an administrator.`,
    };
  },
};

export const userPassword: Command<z.infer<typeof emailAndPassword>> = {
  name: 'user:password',
  summary: "Set an account's password and sign it out everywhere",
  usage: '--email <address> --password <password>',
  example: "npm run cli -- user:password --email someone@example.com --password 'a new long password'",
  options: { email: { type: 'string' }, password: { type: 'string' } },
  required: ['email', 'password'],
  migrateFirst: true,
  validate: (flags) => validateFlags(emailAndPassword, { email: flags.email, password: flags.password }),
  async run(input) {
    const user = await requireUserByEmail(input.email);
    await setPassword(user.id, input.password);
    return {
      json: { user: presentUser(user, { emailVerified: await isEmailVerified(user.id) }), status: 'password_changed' },
      text: `Password of ${user.email} changed; all of its sessions were signed out.`,
    };
  },
};
