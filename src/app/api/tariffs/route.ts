import { createTariff, createTariffSchema, listTariffs, presentTariff } from '@/server/chargers/tariffs';
import { route } from '@/server/http/route';

export const GET = route({ access: 'user' }, async ({ user }) => ({ tariffs: (await listTariffs(user.id)).map(presentTariff) }));

export const POST = route({ access: 'user', body: createTariffSchema }, async ({ user, body }) =>
  Response.json(presentTariff(await createTariff(user.id, body)), { status: 201 }),
);
