import { z } from 'zod';
import { deleteTariff, presentTariff, updateTariff, updateTariffSchema } from '@/server/chargers/tariffs';
import { route } from '@/server/http/route';

const params = z.object({ id: z.uuid() });

export const PATCH = route({ access: 'user', params, body: updateTariffSchema }, async ({ user, params, body }) =>
  presentTariff(await updateTariff(user.id, params.id, body)),
);

export const DELETE = route({ access: 'user', params }, async ({ user, params }) => {
  await deleteTariff(user.id, params.id);
});
