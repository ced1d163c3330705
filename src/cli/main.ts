/**
 * Operator CLI: `npm run cli -- <command> [--flags] [--json]`. Commands call
 * the same domain functions as the API routes. Exit codes: 0 done, 1 failed,
 * 2 wrong command line.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { ConfigError, getConfig } from '@/server/config';
import { closeDatabase, openDatabase, type DatabaseHandle } from '@/server/db/client';
import { DataFolderLockedError } from '@/server/db/lock';
import { migrate } from '@/server/db/migrate';
import { AppError } from '@/server/http/errors';
import { logToStderr } from '@/server/observability/logger';
import { backup, restore } from './backup';
import { chargePointRegister } from './charge-points';
import { UsageError, type Command, type Flags, type Output } from './command';
import { dbMigrate, status } from './database';
import { jobs } from './jobs';
import { keyCreate } from './keys';
import { userAdmin, userCreate, userPassword } from './users';

const COMMANDS: Command[] = [userCreate, userAdmin, userPassword, keyCreate, chargePointRegister, status, jobs, dbMigrate, backup, restore];
const INVOCATION = 'npm run cli --';

function commandUsage(command: Command): string {
  return `Usage: ${INVOCATION} ${command.name} ${command.usage ? `${command.usage} ` : ''}[--json]`;
}

function commandHelp(command: Command): string {
  return [commandUsage(command), '', command.summary + '.', '', 'Example:', `  ${command.example}`].join('\n');
}

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'EVConduit operator CLI',
    '',
    `Usage: ${INVOCATION} <command> [flags] [--json]`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    `  ${'help'.padEnd(width)}Show this help`,
    '',
    'Add --json to any command to get one JSON object on stdout.',
    `Flags of one command: ${INVOCATION} <command> --help`,
  ].join('\n');
}

function parseFlags(command: Command, args: string[]): Flags {
  let values: Flags;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { ...command.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: Boolean(command.positionals),
    }));
  } catch (error) {
    throw new UsageError((error as Error).message, command);
  }
  if (values.help) return values;
  const names = command.positionals ?? [];
  if (positionals.length !== names.length) {
    throw new UsageError(positionals.length < names.length ? `missing <${names[positionals.length]}>` : `unexpected argument "${positionals[names.length]}"`, command);
  }
  names.forEach((name, i) => (values[name] = positionals[i]));
  const missing = (command.required ?? []).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`, command);
  return values;
}

/** Drizzle wraps driver errors (and Node wraps dual-stack connect failures): show the innermost reason. */
function rootCause(error: unknown): string {
  let inner = error;
  while (inner instanceof Error && inner.cause !== undefined) inner = inner.cause;
  if (inner instanceof AggregateError && inner.errors.length > 0) inner = inner.errors[0];
  if (!(inner instanceof Error)) return String(inner);
  return inner.message || (inner as NodeJS.ErrnoException).code || inner.name;
}

/** PostgreSQL connects lazily: fail with one clear line, not halfway through a command. */
async function assertReachable(handle: DatabaseHandle): Promise<void> {
  try {
    await handle.db.execute(sql`select 1`);
  } catch (error) {
    throw new AppError(503, 'database_unreachable', `Cannot reach the database: ${rootCause(error)}`);
  }
}

async function runCommand(command: Command, flags: Flags): Promise<Output> {
  const input = command.validate(flags);
  if (command.standalone) return command.run(input);
  const config = getConfig();
  let handle;
  try {
    handle = await openDatabase(config);
  } catch (error) {
    if (error instanceof DataFolderLockedError && config.database.kind === 'pglite') {
      throw new AppError(
        409,
        'database_in_use',
        `The server (pid ${error.pid}) is using the embedded database in ${config.database.dir}; ` +
          'stop it, or run this against DATABASE_URL.',
      );
    }
    throw error;
  }
  try {
    await assertReachable(handle);
    if (command.migrateFirst) await migrate(handle);
    return await command.run(input, handle);
  } finally {
    await closeDatabase();
  }
}

function fail(json: boolean, code: string, message: string, usage?: string): void {
  if (json) {
    process.stderr.write(JSON.stringify({ error: { code, message, ...(usage ? { usage } : {}) } }) + '\n');
  } else {
    process.stderr.write(`error: ${message}\n${usage ? `\n${usage}\n` : ''}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const json = argv.includes('--json');
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(json ? JSON.stringify({ commands: COMMANDS.map((c) => commandUsage(c)) }) + '\n' : generalHelp() + '\n');
    return 0;
  }
  try {
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}"`);
    const flags = parseFlags(command, args);
    if (flags.help) {
      process.stdout.write(commandHelp(command) + '\n');
      return 0;
    }
    const output = await runCommand(command, flags);
    process.stdout.write((json ? JSON.stringify(output.json) : output.text) + '\n');
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      fail(json, 'usage', error.message, error.command ? commandUsage(error.command) : generalHelp());
      return 2;
    }
    if (error instanceof AppError) fail(json, error.code, error.detail);
    else if (error instanceof ConfigError) fail(json, 'invalid_configuration', error.message);
    else fail(json, 'internal_error', error instanceof Error ? error.message : String(error));
    return 1;
  }
}

// Domain code logs; keep stdout for the command's own output and only show problems.
process.env.LOG_LEVEL ??= 'warn';
logToStderr();
process.exitCode = await main(process.argv.slice(2));
