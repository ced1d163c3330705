import { publish, subscribe } from '@/server/cluster/bus';
import { getLogger } from '@/server/observability/logger';
import { captureError } from '@/server/observability/sentry';
import { processState, runtime } from '@/server/runtime';

/**
 * Domain events: what a committed write changed. The side effects of a write
 * (Home Assistant pushes, cache invalidation, load balancing, notifications)
 * subscribe to these instead of being called from the write.
 *
 * Rules: emit only after the transaction has committed (never inside one,
 * never from inside an OCPP handler before its answer), and keep events small:
 * ids, not rows; a subscriber reads what it needs.
 */
export type DomainEvent =
  /** A user's profile, plan, tier, credentials or the user itself (deleted) changed. */
  | { type: 'user.changed'; userId: string }
  | { type: 'key.revoked'; userId: string; keyId: string }
  /** Vehicle state saved (link, refresh, webhook), or strategy changed. */
  | { type: 'vehicle.saved'; userId: string; vehicleIds: string[] }
  | { type: 'vehicle.deleted'; userId: string; vehicleId: string }
  /** Anything a charge point's status shows: connection, status, meter values, boot. */
  | { type: 'chargePoint.changed'; chargePointId: string }
  /**
   * Who on a charge point may draw current may have changed: it connected,
   * booted or disconnected, a connector's status changed, a transaction
   * started, ended or changed its charging state.
   */
  | { type: 'chargePoint.chargingChanged'; chargePointId: string }
  /**
   * A charge point session began or ended (1.6 Start/StopTransaction, 2.0.1
   * TransactionEvent Started/Ended), by the charge point's own transaction id.
   * A replayed message reports it again: subscribers make it count once.
   */
  | { type: 'session.started'; chargePointId: string; ocppTransactionId: string }
  | { type: 'session.stopped'; chargePointId: string; ocppTransactionId: string }
  /** A session's car changed: matched (by default, automatically or by the user), declined, or several cars to choose from. */
  | { type: 'session.vehicleMatched'; transactionId: string }
  /** A session's charging plan was set, changed or removed: re-plan and send its schedule. */
  | { type: 'plan.changed'; transactionId: string }
  /** Prices (and solar forecast) were pushed for a site. */
  | { type: 'site.pricesChanged'; siteId: string }
  /** A site's settings, members or charge points changed (or it was deleted). */
  | { type: 'site.changed'; siteId: string }
  /** A site's live measurement arrived (grid power, live maximum): its controller runs again. */
  | { type: 'site.measured'; siteId: string }
  /** Home Assistant push targets added, changed or removed. */
  | { type: 'pushTargets.changed'; userId: string }
  /** Enode reported a vendor link's credentials invalid (the link is now `broken`). */
  | { type: 'vehicleLink.broken'; userId: string; vendor: string }
  /** A Home Assistant push target was turned off because Home Assistant refused its pushes. */
  | { type: 'pushTarget.disabled'; userId: string; targetId: string; reason: string }
  /** A user's calls this month reached a share of the plan's allowance (80 or 100 %). */
  | { type: 'allowance.reached'; userId: string; percent: 80 | 100; periodStart: string; used: number; limit: number }
  /** A billing notice was added (payment failed, trial ending); the newest unresolved one of its kind is it. */
  | { type: 'billing.noticeAdded'; userId: string; kind: 'payment_failed' | 'trial_will_end' }
  /** Invoices or a credit note of a site were issued (committed); their e-mails are due. */
  | { type: 'invoices.issued'; siteId: string; count: number }
  /** An administrator saved the plan limits (settings `plan_limits`). */
  | { type: 'planLimits.changed' };

export type DomainEventType = DomainEvent['type'];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

/**
 * `origin`: only the instance where the event happened runs the subscriber
 * (enqueue one push, run one rebalance). `every-instance`: every instance
 * runs it (forget a cached row).
 */
export type SubscriberScope = 'origin' | 'every-instance';

interface Subscriber {
  scope: SubscriberScope;
  handler: (event: DomainEvent) => void | Promise<void>;
}

interface EventsState {
  subscribers: Map<DomainEventType, Subscriber[]>;
  /** Events of this turn waiting for their one broadcast. */
  outbox: DomainEvent[];
  flushScheduled: boolean;
  listening: boolean;
}

const state = processState<EventsState>('domainEvents', () => ({ subscribers: new Map(), outbox: [], flushScheduled: false, listening: false }));

const TOPIC = 'domain-events';

function ensureListening(): void {
  if (state.listening) return;
  state.listening = true;
  subscribe(TOPIC, (data, from) => {
    // The bus hands our own broadcasts back to us too; they were delivered when emitted.
    if (from === runtime().instanceId) return;
    for (const event of data as DomainEvent[]) run(event, 'every-instance', true);
  });
}

function run(event: DomainEvent, scope: SubscriberScope | 'all', remote: boolean): void {
  for (const subscriber of state.subscribers.get(event.type) ?? []) {
    if (remote && subscriber.scope !== 'every-instance') continue;
    if (scope !== 'all' && subscriber.scope !== scope) continue;
    Promise.resolve()
      .then(() => subscriber.handler(event))
      .catch((err: unknown) => {
        getLogger().error({ err, event: event.type }, 'domain event subscriber failed');
        captureError(err, { component: 'domain-events', event: event.type });
      });
  }
}

export function onEvent<T extends DomainEventType>(
  type: T,
  handler: (event: EventOf<T>) => void | Promise<void>,
  scope: SubscriberScope = 'origin',
): () => void {
  ensureListening();
  const list = state.subscribers.get(type) ?? [];
  const subscriber: Subscriber = { scope, handler: handler as Subscriber['handler'] };
  state.subscribers.set(type, [...list, subscriber]);
  return () => state.subscribers.set(type, (state.subscribers.get(type) ?? []).filter((s) => s !== subscriber));
}

/**
 * Reports committed changes. Subscribers in this process run after the
 * current turn; events with an `every-instance` subscriber (every instance
 * runs the same code, so the same subscribers) also go to the other instances,
 * all of one turn in one bus message.
 */
export function emit(...events: DomainEvent[]): void {
  for (const event of events) {
    run(event, 'all', false);
    if ((state.subscribers.get(event.type) ?? []).some((s) => s.scope === 'every-instance')) state.outbox.push(event);
  }
  if (state.outbox.length > 0 && !state.flushScheduled) {
    state.flushScheduled = true;
    setImmediate(flush);
  }
}

function flush(): void {
  state.flushScheduled = false;
  const batch = state.outbox.splice(0);
  if (batch.length === 0) return;
  publish(TOPIC, batch).catch((err: unknown) => getLogger().warn({ err }, 'domain events not sent to other instances'));
}
