import { requestLocale } from '@/i18n/negotiate';
import { route } from '@/server/http/route';
import { notificationHistory } from '@/server/notifications/history';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'user' }, async ({ user, req }) => ({
  deliveries: await notificationHistory(user.id, requestLocale(user, req.headers)),
}));
