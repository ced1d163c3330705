import { z } from 'zod';
import { listTransactions, presentTransaction, transactionListQuery } from '@/server/chargers/transactions';
import { route } from '@/server/http/route';

export const GET = route(
  { access: 'user', params: z.object({ id: z.uuid() }), query: transactionListQuery },
  async ({ user, params, query }) => ({
    transactions: (await listTransactions(user.id, params.id, query.limit)).map(presentTransaction),
  }),
);
