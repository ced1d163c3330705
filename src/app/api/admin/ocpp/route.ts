import { getPendingSetting, pendingSettingSchema, setPendingSetting } from '@/server/chargers/pending-setting';
import { route } from '@/server/http/route';

export const GET = route({ access: 'admin' }, () => getPendingSetting());

/** Whether unknown OCPP identities may connect as pending (default: refused). */
export const PUT = route({ access: 'admin', body: pendingSettingSchema }, ({ user, body }) => setPendingSetting(user.id, body));
