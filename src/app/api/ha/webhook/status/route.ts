import { route } from '@/server/http/route';
import { listPushTargets, presentPushTarget } from '@/server/ha/push/targets';

export const GET = route({ access: 'user', keyScope: 'ha' }, async ({ user, locale }) => {
  const targets = (await listPushTargets(user.id)).map((target) => presentPushTarget(target, locale));
  return { registered: targets.some((t) => t.is_enabled), targets };
});
