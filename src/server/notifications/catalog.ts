import type { NotificationChannel } from '@/server/db/schema';

/**
 * What a person can be told about. Each kind belongs to a group, the unit a
 * user switches on or off per channel (an outage's "offline" and "back
 * online" are one choice). Defaults: e-mail for faults and broken links,
 * everything else off until the user asks for it.
 */
export const NOTIFICATION_GROUPS = {
  session_finished: {
    label: 'Charging session finished',
    description: 'Energy, duration and cost when a session at your charge point, or of your linked vehicle, ends.',
  },
  session_no_energy: { label: 'Session without energy', description: 'A session was authorised but no energy flowed within a few minutes.' },
  charge_point_offline: { label: 'Charge point offline', description: 'Offline for longer than the threshold, and back online.' },
  charge_point_fault: { label: 'Charge point faulted', description: 'A connector reports a fault, and when it recovers.' },
  vehicle_link_broken: { label: 'Vehicle link broken', description: 'The car maker no longer accepts your linked account.' },
  push_target_disabled: { label: 'Home Assistant push turned off', description: 'Home Assistant refused pushes, so the target was turned off.' },
  allowance: { label: 'Monthly allowance', description: '80 % and 100 % of your monthly API calls used.' },
  billing: { label: 'Billing', description: 'A payment failed, or your trial ends soon.' },
} as const;

export type NotificationGroup = keyof typeof NOTIFICATION_GROUPS;
export const GROUP_KEYS = Object.keys(NOTIFICATION_GROUPS) as NotificationGroup[];

const DEFAULT_ON: Partial<Record<NotificationGroup, NotificationChannel[]>> = {
  charge_point_fault: ['email'],
  vehicle_link_broken: ['email'],
};

export function defaultChoice(group: NotificationGroup, channel: NotificationChannel): boolean {
  return DEFAULT_ON[group]?.includes(channel) ?? false;
}

/** Every kind of notification and the group that decides whether it is sent; `test` goes wherever the user asks. */
export const KIND_GROUP = {
  session_finished: 'session_finished',
  vehicle_session_finished: 'session_finished',
  session_no_energy: 'session_no_energy',
  charge_point_offline: 'charge_point_offline',
  charge_point_online: 'charge_point_offline',
  charge_point_faulted: 'charge_point_fault',
  charge_point_recovered: 'charge_point_fault',
  vehicle_link_broken: 'vehicle_link_broken',
  push_target_disabled: 'push_target_disabled',
  allowance_80: 'allowance',
  allowance_100: 'allowance',
  payment_failed: 'billing',
  trial_ending: 'billing',
  test: null,
} as const satisfies Record<string, NotificationGroup | null>;

export type NotificationKind = keyof typeof KIND_GROUP;
