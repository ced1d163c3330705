import { route } from '@/server/http/route';
import { electricityRateSchema, presentElectricityRate, setElectricityRate } from '@/server/users/electricity-rate';

export const GET = route({ access: 'user' }, async ({ user }) => presentElectricityRate(user));

export const POST = route({ access: 'user', body: electricityRateSchema }, async ({ user, body }) => ({
  status: 'success',
  ...(await setElectricityRate(user.id, body)),
}));
