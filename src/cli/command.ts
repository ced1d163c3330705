import type { ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { AppError } from '@/server/http/errors';
import { getUserByEmail } from '@/server/users/users';
import type { User } from '@/server/db/schema';
import type { DatabaseHandle } from '@/server/db/client';

export type Flags = Record<string, string | boolean | undefined>;

/** What a command prints: `json` with --json, otherwise `text`. */
export interface Output {
  json: Record<string, unknown>;
  text: string;
}

interface CommandBase<Input> {
  name: string;
  summary: string;
  /** The flags after the command name, as shown in help, e.g. `--email <address>`. */
  usage: string;
  example: string;
  options: NonNullable<ParseArgsConfig['options']>;
  required?: string[];
  /** Names of the arguments after the command (all required), e.g. `['file']`; each becomes a flag value. */
  positionals?: string[];
  /** Checks the flag values before the database is opened. */
  validate(flags: Flags): Input;
}

/** Runs on the database, opened for it. */
export interface DatabaseCommand<Input = unknown> extends CommandBase<Input> {
  standalone?: false;
  /** Apply pending migrations before running (commands that only look, or migrate themselves, do not). */
  migrateFirst: boolean;
  run(input: Input, database: DatabaseHandle): Promise<Output>;
}

/** Opens the database itself, or not at all (backup goes through a running server, restore needs it stopped). */
export interface StandaloneCommand<Input = unknown> extends CommandBase<Input> {
  standalone: true;
  run(input: Input): Promise<Output>;
}

export type Command<Input = unknown> = DatabaseCommand<Input> | StandaloneCommand<Input>;

/** Wrong command line: the caller gets the usage and exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Validates flags with the API's zod schema; a failure names the flag
 * (`--password: Use at least 10 characters`) in the API's error shape.
 */
export function validateFlags<T extends z.ZodType>(schema: T, values: Record<string, unknown>): z.infer<T> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const flag = issue.path.length > 0 ? `--${issue.path.join('.')}` : 'flags';
  throw new AppError(422, 'validation_failed', `${flag}: ${issue.message}`);
}

export async function requireUserByEmail(email: string): Promise<User> {
  const user = await getUserByEmail(email);
  if (!user) throw new AppError(404, 'not_found', `No account with the e-mail address ${email}`);
  return user;
}
