import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';

import { NotificationHistory } from '@/components/notifications/notification-history';
import { NotificationPreferencesForm } from '@/components/notifications/preferences-form';
import { PageHeading } from '@/components/site/page-heading';
import { notificationHistory } from '@/server/notifications/history';
import { getPreferences, presentPreferences } from '@/server/notifications/preferences';
import { requireSignedIn } from '../signed-in-user';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('notifications.title') };
}

export default async function NotificationsPage() {
  const tp = await getTranslations('pages');
  const user = await requireSignedIn('/notifications');
  const [prefs, history] = await Promise.all([getPreferences(user.id), notificationHistory(user.id, await getLocale())]);
  return (
    <>
      <PageHeading title={tp('notifications.title')} description={tp('notifications.description')} />
      <div className="grid max-w-3xl gap-6">
        <NotificationPreferencesForm initial={presentPreferences(prefs, user.email, user.smsCredits)} />
        <NotificationHistory initial={history} />
      </div>
    </>
  );
}
