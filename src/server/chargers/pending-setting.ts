import { z } from 'zod';
import { recordAudit } from '@/server/audit/audit';
import { getSetting, setSetting } from '@/server/settings/store';

/**
 * Unknown identities accepted as "pending" (admin setting, off by default):
 * they may connect and boot (answered Pending) until a user claims them.
 */
const SETTING_KEY = 'ocpp_pending_identities';

export const pendingSettingSchema = z.object({ accept_unknown_identities: z.boolean() });

export async function getPendingSetting(): Promise<z.infer<typeof pendingSettingSchema>> {
  return { accept_unknown_identities: (await getSetting<boolean>(SETTING_KEY)) === true };
}

export async function setPendingSetting(adminId: string, input: z.infer<typeof pendingSettingSchema>) {
  await setSetting(SETTING_KEY, input.accept_unknown_identities);
  await recordAudit({ actorUserId: adminId, action: 'settings.ocpp_pending_identities', details: input });
  return getPendingSetting();
}
