import { randomUUID } from 'node:crypto';

/**
 * The one runtime object of this process. `server.ts` (bundled by esbuild)
 * and Next's route bundles load separate copies of every module, so what must
 * be one per process (database, clock, logger, bus, OCPP registry, caches,
 * jobs) lives here, under one global, and nowhere else.
 */
export interface Runtime {
  /** This process among the instances sharing one database (presence rows, bus addresses). */
  readonly instanceId: string;
  readonly startedAt: Date;
  /** The parts, each created on first use by the module that owns it (see `processState`). */
  readonly parts: Map<string, unknown>;
}

const holder = globalThis as { __evconduit?: Runtime };

export function runtime(): Runtime {
  return (holder.__evconduit ??= {
    instanceId: process.env.EVCONDUIT_INSTANCE_ID || randomUUID(),
    startedAt: new Date(),
    parts: new Map(),
  });
}

/**
 * The part `name` of the runtime, created by `init` the first time either
 * module copy asks. Each part has one owning module; the name is its key.
 */
export function processState<T>(name: string, init: () => T): T {
  const { parts } = runtime();
  if (!parts.has(name)) parts.set(name, init());
  return parts.get(name) as T;
}
