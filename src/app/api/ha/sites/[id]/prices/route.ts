import { route } from '@/server/http/route';
import { listPrices, pushPrices, pushPricesSchema, siteParams } from '@/server/planner/prices';

/** Home Assistant pushes a price forecast (Nordpool, Tibber): 15- or 60-minute slots; plans re-plan. */
// 768 slots with a forecast each are about 110 kB.
export const POST = route({ access: 'user', keyScope: 'ha', params: siteParams, body: pushPricesSchema, maxBodyBytes: 256 * 1024 }, ({ user, params, body }) =>
  pushPrices(user.id, params.id, body),
);

/** The pushed prices from now on. */
export const GET = route({ access: 'user', keyScope: 'ha', params: siteParams }, ({ user, params }) => listPrices(user.id, params.id));
