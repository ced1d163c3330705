import { route } from '@/server/http/route';
import { notificationHistory } from '@/server/notifications/history';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'user' }, async ({ user }) => ({ deliveries: await notificationHistory(user.id) }));
