import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import { processState } from '@/server/runtime';

interface RequestContext {
  requestId: string;
}

interface LoggingState {
  context: AsyncLocalStorage<RequestContext>;
  logger?: Logger;
  /** Set by command-line tools, whose own output owns stdout. */
  toStderr?: boolean;
}

// One request context for server.ts and Next's bundles (separate module copies).
const state: LoggingState = processState<LoggingState>('logging', () => ({
  context: new AsyncLocalStorage<RequestContext>(),
}));

/** Runs `fn` with a request id that every log line inside it carries. */
export function withRequestContext<T>(requestId: string, fn: () => T): T {
  return state.context.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return state.context.getStore()?.requestId;
}

const REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  'key',
  '*.key',
  'secret',
  '*.secret',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

/** Sends log lines to stderr instead of stdout (call before the first getLogger). */
export function logToStderr(): void {
  state.toStderr = true;
  state.logger = undefined;
}

/**
 * On a terminal, lines a person reads (pino-pretty, in its own thread, when
 * installed: it is a development dependency); anywhere else JSON lines for
 * the log collector.
 */
function prettyOnTerminal(): pino.DestinationStream | undefined {
  if (state.toStderr || !process.stdout.isTTY) return undefined;
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
  } catch {
    return undefined;
  }
  return pino.transport({ target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' } });
}

/** The process logger: JSON lines (pretty on a terminal), request id attached, secrets redacted. */
export function getLogger(): Logger {
  state.logger ??= pino(
    {
      level: process.env.LOG_LEVEL ?? 'info',
      base: { service: 'evconduit' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { reqId: requestId } : {};
      },
    },
    state.toStderr ? pino.destination({ fd: 2, sync: true }) : prettyOnTerminal(),
  );
  return state.logger;
}
