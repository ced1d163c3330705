import { route } from '@/server/http/route';
import { notificationFailures } from '@/server/notifications/history';

export const dynamic = 'force-dynamic';

/** Notifications that could not be delivered, of every user, newest first. */
export const GET = route({ access: 'admin' }, async () => ({ deliveries: await notificationFailures() }));
