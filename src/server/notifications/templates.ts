import type { NotificationKind } from './catalog';

/**
 * One template per kind: a title and lines of plain text (ntfy and the
 * e-mail's text part), plus the page the notification links to. The e-mail's
 * HTML part is the same lines, escaped.
 */
export interface Rendered {
  title: string;
  lines: string[];
  /** A path in the app. */
  path: string;
}

type Facts = Record<string, unknown>;

const str = (value: unknown, fallback = '') => (typeof value === 'string' ? value : value == null ? fallback : String(value));
const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const chargePoint = (f: Facts) => str(f.chargePointName, 'Your charge point');
const chargePointPath = (f: Facts) => `/charge-points/${str(f.chargePointId)}`;

function duration(minutes: number | null): string {
  if (minutes === null) return 'unknown';
  const h = Math.floor(minutes / 60);
  return h > 0 ? `${h} h ${Math.round(minutes % 60)} min` : `${Math.round(minutes)} min`;
}

const TEMPLATES: Record<NotificationKind, (f: Facts) => Rendered> = {
  session_finished: (f) => {
    const energy = num(f.energyKwh);
    const cost = num(f.cost);
    return {
      title: `Charging finished at ${chargePoint(f)}`,
      lines: [
        `Energy: ${energy === null ? 'unknown' : `${energy.toFixed(2)} kWh`}`,
        `Duration: ${duration(num(f.durationMinutes))}`,
        ...(cost === null ? [] : [`Cost: ${cost.toFixed(2)} ${str(f.currency)}`.trim()]),
      ],
      path: chargePointPath(f),
    };
  },
  session_no_energy: (f) => ({
    title: `No energy flowing at ${chargePoint(f)}`,
    lines: [`A session started ${str(f.minutes)} minutes ago and has delivered no energy yet. Check that the car is ready to charge.`],
    path: chargePointPath(f),
  }),
  charge_point_offline: (f) => ({
    title: `${chargePoint(f)} is offline`,
    lines: [`It was last heard at ${str(f.lastSeenAt)} (UTC). You will hear when it is back.`],
    path: chargePointPath(f),
  }),
  charge_point_online: (f) => ({
    title: `${chargePoint(f)} is back online`,
    lines: [`It was offline for ${duration(num(f.offlineMinutes))}.`],
    path: chargePointPath(f),
  }),
  charge_point_faulted: (f) => ({
    title: `${chargePoint(f)} reports a fault`,
    lines: (Array.isArray(f.connectors) ? (f.connectors as Facts[]) : []).map(
      (c) => `Connector ${str(c.connectorId)}: ${str(c.errorCode, 'fault')}${c.info ? ` (${str(c.info)})` : ''}`,
    ),
    path: chargePointPath(f),
  }),
  charge_point_recovered: (f) => ({
    title: `${chargePoint(f)} recovered`,
    lines: ['No connector reports a fault any more.'],
    path: chargePointPath(f),
  }),
  vehicle_link_broken: (f) => ({
    title: `Your ${str(f.vendor, 'vehicle')} link stopped working`,
    lines: ['The car maker no longer accepts the account you linked. Link it again to keep your vehicle data current.'],
    path: '/vehicles',
  }),
  push_target_disabled: (f) => ({
    title: 'A Home Assistant push was turned off',
    lines: [str(f.reason, 'Home Assistant refused the pushes.')],
    path: '/home-assistant',
  }),
  allowance_80: (f) => ({
    title: '80 % of your monthly API calls used',
    lines: [`${str(f.used)} of ${str(f.limit)} calls this month.`],
    path: '/usage',
  }),
  allowance_100: (f) => ({
    title: 'Your monthly API calls are used up',
    lines: [`All ${str(f.limit)} calls of this month are used; further calls spend API tokens, or are refused.`],
    path: '/usage',
  }),
  payment_failed: (f) => ({ title: 'A payment failed', lines: [str(f.message)], path: '/billing' }),
  trial_ending: (f) => ({ title: 'Your trial ends soon', lines: [str(f.message)], path: '/billing' }),
  test: (f) => ({
    title: 'EVConduit test notification',
    lines: [`This is a test of your ${str(f.channel)} notifications. It works.`],
    path: '/notifications',
  }),
};

export function render(kind: string, facts: Facts): Rendered {
  const template = TEMPLATES[kind as NotificationKind];
  if (!template) throw new Error(`No template for notification kind ${kind}`);
  return template(facts);
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function emailParts(rendered: Rendered, link: string): { subject: string; text: string; html: string } {
  const text = [...rendered.lines, '', link].join('\n');
  const html = [
    `<h1 style="font-size:18px">${escapeHtml(rendered.title)}</h1>`,
    ...rendered.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(link)}">Open EVConduit</a></p>`,
  ].join('\n');
  return { subject: rendered.title, text, html };
}
