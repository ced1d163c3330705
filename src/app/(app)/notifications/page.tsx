import type { Metadata } from 'next';

import { NotificationHistory } from '@/components/notifications/notification-history';
import { NotificationPreferencesForm } from '@/components/notifications/preferences-form';
import { PageHeading } from '@/components/site/page-heading';
import { notificationHistory } from '@/server/notifications/history';
import { getPreferences, presentPreferences } from '@/server/notifications/preferences';
import { requireSignedIn } from '../signed-in-user';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage() {
  const user = await requireSignedIn('/notifications');
  const [prefs, history] = await Promise.all([getPreferences(user.id), notificationHistory(user.id)]);
  return (
    <>
      <PageHeading title="Notifications" description="What EVConduit tells you about, where, and when it keeps quiet." />
      <div className="grid max-w-3xl gap-6">
        <NotificationPreferencesForm initial={presentPreferences(prefs, user.email)} />
        <NotificationHistory initial={history} />
      </div>
    </>
  );
}
