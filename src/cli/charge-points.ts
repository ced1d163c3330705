import type { z } from 'zod';
import { emailSchema } from '@/server/auth/schemas';
import { presentChargePoint, withOcppUrl } from '@/server/chargers/charge-points';
import { getConfig } from '@/server/config';
import { registerChargePoint, registerChargePointSchema } from '@/server/chargers/registration';
import { requireUserByEmail, validateFlags, type Command } from './command';

const chargePointInput = registerChargePointSchema.extend({ email: emailSchema });

export const chargePointRegister: Command<z.infer<typeof chargePointInput>> = {
  name: 'chargepoint:register',
  summary: 'Register an OCPP charge point for an account; prints its password once',
  usage: '--email <address> --identity <identity> --name <name>',
  example: "npm run cli -- chargepoint:register --email someone@example.com --identity garage-1 --name 'Garage'",
  options: { email: { type: 'string' }, identity: { type: 'string' }, name: { type: 'string' } },
  required: ['email', 'identity', 'name'],
  migrateFirst: true,
  validate: (flags) =>
    validateFlags(chargePointInput, { email: flags.email, identity: flags.identity, name: flags.name }),
  async run({ email, ...input }) {
    const user = await requireUserByEmail(email);
    const { chargePoint, password } = await registerChargePoint(user.id, input);
    // No request to take an address from: APP_URL (or its default) it is.
    const presented = withOcppUrl(getConfig().appUrl, presentChargePoint(chargePoint));
    const url = presented.ocpp_url;
    return {
      json: { ...presented, password },
      text: [
        `Registered charge point "${chargePoint.name}" for ${user.email}. Configure the charge point with:`,
        '',
        `  OCPP URL:  ${url}`,
        `  Identity:  ${chargePoint.identity}`,
        `  Password:  ${password}   (HTTP Basic auth)`,
        '',
        'The password is shown only this once. The URL follows APP_URL (an https:// APP_URL gives wss://).',
      ].join('\n'),
    };
  },
};
