import { z } from 'zod';
import { rotatePassword } from '@/server/chargers/security';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

/** Rotates the OCPP password; the new one is in this response only. */
export const POST = route({ access: 'user', params }, ({ user, params }) => rotatePassword(user.id, params.id));
