import { onEvent } from '@/server/events/domain-events';
import { processState } from '@/server/runtime';
import { rebalanceFor, requestRebalance } from './rebalance';

const registered = processState('loadBalancingSubscribers', () => ({ done: false }));

/**
 * Load balancing follows the events that change who draws current on a site.
 * `origin`: the instance where it happened runs the site's rebalance (the
 * site's cluster lock makes it the only one at a time anywhere).
 */
export function registerLoadBalancing(): void {
  if (registered.done) return;
  registered.done = true;
  onEvent('chargePoint.chargingChanged', (e) => rebalanceFor(e.chargePointId), 'origin');
  onEvent('session.started', (e) => rebalanceFor(e.chargePointId), 'origin');
  onEvent('session.stopped', (e) => rebalanceFor(e.chargePointId), 'origin');
  onEvent('site.changed', (e) => requestRebalance(e.siteId), 'origin');
}
