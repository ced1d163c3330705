import { getTranslations } from 'next-intl/server';
import { ForbiddenNotice } from '@/components/site/forbidden-notice';
import { currentUser } from '../signed-in-user';

/** What requireAdmin's forbidden() shows (HTTP 403), inside the signed-in layout. */
export default async function AdminForbidden() {
  const user = await currentUser();
  const t = await getTranslations('errorPages');
  return (
    <ForbiddenNotice
      title={t('adminsOnly')}
      reason={user ? t('notAdmin', { email: user.email }) : t('adminPage')}
    />
  );
}
