import { z } from 'zod';
import { blockMyIdTag } from '@/server/chargers/id-tags';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });
/** A driver may only block their tag (a lost card); unblocking is the site owner's. */
const body = z.object({ status: z.literal('Blocked', { error: 'You can only block your tag; ask the site owner to unblock it' }) });

export const PATCH = route({ access: 'user', params, body }, async ({ user, params }) => blockMyIdTag(user.id, params.id));
