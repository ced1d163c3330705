import { AsyncLocalStorage } from 'node:async_hooks';
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

/** The process logger: JSON lines, request id attached, secrets redacted. */
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
    state.toStderr ? pino.destination({ fd: 2, sync: true }) : undefined,
  );
  return state.logger;
}
