import { serverFormatter, serverTranslator } from '@/i18n/messages';
import { disabledReasonText } from '@/server/ha/push/disabled-reason';
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
type T = ReturnType<typeof serverTranslator>;
type F = ReturnType<typeof serverFormatter>;

const str = (value: unknown, fallback = '') => (typeof value === 'string' ? value : value == null ? fallback : String(value));
const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const chargePoint = (f: Facts, t: T) => str(f.chargePointName, t('notify.yourChargePoint'));
const chargePointPath = (f: Facts) => `/charge-points/${str(f.chargePointId)}`;

function duration(minutes: number | null, t: T): string {
  if (minutes === null) return t('notify.unknown');
  const h = Math.floor(minutes / 60);
  return h > 0 ? t('notify.hoursMinutes', { h, m: Math.round(minutes % 60) }) : t('notify.minutes', { m: Math.round(minutes) });
}

function money(amount: number, currency: string, format: F): string {
  try {
    return format.number(amount, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
  } catch {
    return `${format.number(amount, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`.trim();
  }
}

function moment(value: unknown, format: F): string {
  const date = new Date(str(value));
  return Number.isNaN(date.getTime()) ? str(value) : format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
}

const TEMPLATES: Record<NotificationKind, (f: Facts, t: T, format: F, locale: string | null) => Rendered> = {
  session_finished: (f, t, format) => {
    const energy = num(f.energyKwh);
    const cost = num(f.cost);
    const kwh = energy === null ? t('notify.unknown') : `${format.number(energy, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} kWh`;
    return {
      title: t('notify.finishedTitle', { chargePoint: chargePoint(f, t) }),
      lines: [
        t('notify.energy', { energy: kwh }),
        t('notify.duration', { duration: duration(num(f.durationMinutes), t) }),
        ...(cost === null ? [] : [t('notify.cost', { cost: money(cost, str(f.currency), format) })]),
      ],
      path: chargePointPath(f),
    };
  },
  vehicle_session_finished: (f, t, format) => {
    const energy = num(f.energyKwh);
    const cost = num(f.cost);
    const [from, to] = [num(f.batteryStart), num(f.batteryEnd)];
    const kwh = energy === null ? t('notify.unknown') : `${format.number(energy, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} kWh`;
    return {
      title: t('notify.vehicleFinishedTitle', { vehicle: str(f.vehicleName, t('notify.yourVehicle')) }),
      lines: [
        t('notify.energy', { energy: kwh }),
        t('notify.duration', { duration: duration(num(f.durationMinutes), t) }),
        ...(from === null || to === null ? [] : [t('notify.battery', { from, to })]),
        ...(cost === null ? [] : [t('notify.cost', { cost: money(cost, str(f.currency), format) })]),
      ],
      path: `/vehicles/${str(f.vehicleId)}`,
    };
  },
  session_no_energy: (f, t) => ({
    title: t('notify.noEnergyTitle', { chargePoint: chargePoint(f, t) }),
    lines: [t('notify.noEnergyText', { minutes: str(f.minutes) })],
    path: chargePointPath(f),
  }),
  charge_point_offline: (f, t, format) => ({
    title: t('notify.offlineTitle', { chargePoint: chargePoint(f, t) }),
    lines: [t('notify.offlineText', { lastSeen: moment(f.lastSeenAt, format) })],
    path: chargePointPath(f),
  }),
  charge_point_online: (f, t) => ({
    title: t('notify.onlineTitle', { chargePoint: chargePoint(f, t) }),
    lines: [t('notify.onlineText', { duration: duration(num(f.offlineMinutes), t) })],
    path: chargePointPath(f),
  }),
  charge_point_faulted: (f, t) => ({
    title: t('notify.faultTitle', { chargePoint: chargePoint(f, t) }),
    lines: (Array.isArray(f.connectors) ? (f.connectors as Facts[]) : []).map(
      (c) => `${t('notify.faultLine', { connector: str(c.connectorId), error: str(c.errorCode, t('notify.fault')) })}${c.info ? ` (${str(c.info)})` : ''}`,
    ),
    path: chargePointPath(f),
  }),
  charge_point_recovered: (f, t) => ({
    title: t('notify.recoveredTitle', { chargePoint: chargePoint(f, t) }),
    lines: [t('notify.recoveredText')],
    path: chargePointPath(f),
  }),
  vehicle_link_broken: (f, t) => ({
    title: t('notify.linkBrokenTitle', { vendor: str(f.vendor, t('notify.vehicle')) }),
    lines: [t('notify.linkBrokenText')],
    path: '/vehicles',
  }),
  // The billing messages come from outside (Stripe): as they were written.
  push_target_disabled: (f, t, _format, locale) => ({
    title: t('notify.pushOffTitle'),
    lines: [typeof f.reason === 'string' ? disabledReasonText(f.reason, locale) : t('notify.pushOffText')],
    path: '/home-assistant',
  }),
  allowance_80: (f, t) => ({
    title: t('notify.allowance80Title'),
    lines: [t('notify.allowance80Text', { used: str(f.used), limit: str(f.limit) })],
    path: '/usage',
  }),
  allowance_100: (f, t) => ({
    title: t('notify.allowance100Title'),
    lines: [t('notify.allowance100Text', { limit: str(f.limit) })],
    path: '/usage',
  }),
  payment_failed: (f, t) => ({ title: t('notify.paymentFailedTitle'), lines: [str(f.message)], path: '/billing' }),
  trial_ending: (f, t) => ({ title: t('notify.trialEndingTitle'), lines: [str(f.message)], path: '/billing' }),
  test: (f, t) => ({
    title: t('notify.testTitle'),
    lines: [t('notify.testText', { channel: str(f.channel) })],
    path: '/notifications',
  }),
};

/** A notification in the recipient's language (their profile's; English when they chose none). */
export function render(kind: string, facts: Facts, locale: string | null = 'en'): Rendered {
  const template = TEMPLATES[kind as NotificationKind];
  if (!template) throw new Error(`No template for notification kind ${kind}`);
  return template(facts, serverTranslator(locale), serverFormatter(locale), locale);
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function emailParts(rendered: Rendered, link: string, locale: string | null = 'en'): { subject: string; text: string; html: string } {
  const text = [...rendered.lines, '', link].join('\n');
  const html = [
    `<h1 style="font-size:18px">${escapeHtml(rendered.title)}</h1>`,
    ...rendered.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(serverTranslator(locale)('mail.open'))}</a></p>`,
  ].join('\n');
  return { subject: rendered.title, text, html };
}
