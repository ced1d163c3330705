import { z } from 'zod';
import { getOwnedChargePoint } from '@/server/chargers/ownership';
import { connectionSettingsSchema, presentConnectionSettings, updateConnectionSettings } from '@/server/chargers/security';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

/** Security profile 0 switch, ping interval and the state of the last password rotation. */
export const GET = route({ access: 'user', params }, async ({ user, params }) =>
  presentConnectionSettings(await getOwnedChargePoint(user.id, params.id)),
);

/** Takes effect on the charge point's next connection. */
export const PATCH = route({ access: 'user', params, body: connectionSettingsSchema }, ({ user, params, body }) =>
  updateConnectionSettings(user.id, params.id, body),
);
