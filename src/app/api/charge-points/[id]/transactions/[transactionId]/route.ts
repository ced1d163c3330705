import { z } from 'zod';
import { transactionDetail } from '@/server/chargers/transactions';
import { route } from '@/server/http/route';

export const GET = route(
  { access: 'user', params: z.object({ id: z.uuid(), transactionId: z.uuid() }) },
  async ({ user, params }) => transactionDetail(user.id, params.id, params.transactionId),
);
