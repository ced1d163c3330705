import { z } from 'zod';
import { runCommand } from '@/server/chargers/commands';
import { commandRequestSchema } from '@/server/chargers/ocpp/command-schemas';
import { route } from '@/server/http/route';

/** Sends `{action, payload}` to the charge point and returns its answer (409 offline, 504 no answer in time). */
export const POST = route(
  { access: 'user', params: z.object({ id: z.uuid() }), body: commandRequestSchema },
  async ({ user, params, body }) => runCommand(user.id, params.id, body),
);
