import { route } from '@/server/http/route';
import { checkPriceMapping } from '@/server/billing/prices';

export const GET = route({ access: 'admin' }, () => checkPriceMapping());
