import { serverTranslator } from '@/i18n/messages';

/** Why a push target was turned off: stored as one of these codes (`ha_push_targets.disabled_reason`). */
const REASONS = {
  turned_off: 'serverTexts.pushTargetDisabled.turnedOff',
  webhook_unknown_vehicle: 'serverTexts.pushTargetDisabled.unknownVehicle',
  webhook_unknown_charge_point: 'serverTexts.pushTargetDisabled.unknownChargePoint',
} as const;

export type DisabledReason = keyof typeof REASONS;

/** The reason in the reader's words. Targets turned off before the codes hold English text: shown as stored. */
export function disabledReasonText(reason: string, locale: string | null): string {
  return reason in REASONS ? serverTranslator(locale)(REASONS[reason as DisabledReason]) : reason;
}
