import { route } from '@/server/http/route';
import { electricityRateSchema, presentElectricityRate, setElectricityRate } from '@/server/users/electricity-rate';

export const GET = route({ access: 'user', keyScope: 'ha' }, async ({ user }) => presentElectricityRate(user));

export const POST = route({ access: 'user', keyScope: 'ha', body: electricityRateSchema }, async ({ user, body }) => ({
  status: 'success',
  ...(await setElectricityRate(user.id, body)),
}));
