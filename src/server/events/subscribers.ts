/**
 * The side effects of committed writes, all wired here: domain code emits
 * events (domain-events.ts) and never calls these itself. `server.ts` calls
 * `registerSubscribers()` once before it listens; tests that run domain code
 * in their own process call it too.
 */
import { forgetUserRows } from '@/server/cache/user-rows';
import { rebalanceFor, requestRebalance } from '@/server/chargers/load/rebalance';
import { chargePointChanged, forgetChargePointTargets } from '@/server/ha/push/charge-point-changes';
import { pushVehicles } from '@/server/ha/push/deliveries';
import { reconcileIncidentsSoon } from '@/server/notifications/incidents';
import {
  notifyAllowance,
  notifyBillingNotice,
  notifyLinkBroken,
  notifyPushTargetDisabled,
  notifySessionFinished,
  notifyVehicleSessionsFinished,
} from '@/server/notifications/sources';
import { wakeInvoiceMail } from '@/server/invoices/mail';
import { forgetPlanLimits } from '@/server/plans/limits';
import { matchSavedVehicles, matchStartedSession, recordVehicleAtEnd } from '@/server/planner/matching';
import { executePlan, planFromDefaults, replanSite, replanVehicles } from '@/server/planner/plans';
import { processState } from '@/server/runtime';
import { onEvent } from './domain-events';

const state = processState<{ registered: boolean }>('eventSubscribers', () => ({ registered: false }));

export function registerSubscribers(): void {
  if (state.registered) return;
  state.registered = true;

  // Every instance drops what it cached, so a revoked key, a changed plan or a
  // deleted user stops working everywhere as soon as the bus delivers the event.
  onEvent('key.revoked', ({ userId }) => forgetUserRows(userId), 'every-instance');
  onEvent('user.changed', ({ userId }) => forgetUserRows(userId), 'every-instance');
  onEvent('vehicle.saved', ({ userId }) => forgetUserRows(userId), 'every-instance');
  onEvent('vehicle.deleted', ({ userId }) => forgetUserRows(userId), 'every-instance');
  onEvent('planLimits.changed', () => forgetPlanLimits(), 'every-instance');
  onEvent('pushTargets.changed', () => forgetChargePointTargets(), 'every-instance');

  // A push is queued once, by the instance where the change happened.
  onEvent('vehicle.saved', ({ vehicleIds }) => pushVehicles(vehicleIds), 'origin');
  onEvent('chargePoint.changed', ({ chargePointId }) => chargePointChanged(chargePointId), 'origin');

  // The instance where it happened runs the site's rebalance; the site's cluster lock makes it the only run anywhere.
  onEvent('chargePoint.chargingChanged', ({ chargePointId }) => rebalanceFor(chargePointId), 'origin');
  onEvent('site.changed', ({ siteId }) => requestRebalance(siteId), 'origin');
  onEvent('site.measured', ({ siteId }) => requestRebalance(siteId), 'origin');

  // The car on the charger and its charging plan (docs/planner.md), by the instance where it happened.
  onEvent('session.started', ({ chargePointId, ocppTransactionId }) => matchStartedSession(chargePointId, ocppTransactionId), 'origin');
  onEvent('session.stopped', ({ chargePointId, ocppTransactionId }) => recordVehicleAtEnd(chargePointId, ocppTransactionId), 'origin');
  onEvent('vehicle.saved', async ({ userId, vehicleIds }) => {
    await matchSavedVehicles(userId, vehicleIds);
    await replanVehicles(vehicleIds);
  }, 'origin');
  onEvent('session.vehicleMatched', ({ transactionId }) => planFromDefaults(transactionId), 'origin');
  onEvent('plan.changed', ({ transactionId }) => executePlan(transactionId), 'origin');
  onEvent('site.pricesChanged', ({ siteId }) => replanSite(siteId), 'origin');

  // Notifications for people: queued once, in the outbox, by the instance where it happened.
  onEvent('session.stopped', notifySessionFinished, 'origin');
  onEvent('vehicle.saved', notifyVehicleSessionsFinished, 'origin');
  onEvent('vehicleLink.broken', notifyLinkBroken, 'origin');
  onEvent('pushTarget.disabled', notifyPushTargetDisabled, 'origin');
  onEvent('allowance.reached', notifyAllowance, 'origin');
  onEvent('billing.noticeAdded', notifyBillingNotice, 'origin');
  // Issued invoices are mailed with their PDF by the invoice mail job, in whichever instance holds it.
  onEvent('invoices.issued', () => wakeInvoiceMail(), 'origin');
  // Faults and reconnections are noticed at once; outages by the periodic scan (notifications/incidents.ts).
  onEvent('chargePoint.chargingChanged', ({ chargePointId }) => reconcileIncidentsSoon(chargePointId), 'origin');
}
