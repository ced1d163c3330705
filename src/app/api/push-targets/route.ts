import { route } from '@/server/http/route';
import { listPushTargets, presentPushTarget } from '@/server/ha/push/targets';

export const GET = route({ access: 'user' }, async ({ user, locale }) =>
  (await listPushTargets(user.id)).map((target) => presentPushTarget(target, locale)),
);
