import { getTranslations } from 'next-intl/server';
import { NotFoundNotice } from '@/components/site/not-found-notice';

/** notFound() in the signed-in area (e.g. someone else's vehicle): inside that area's header and layout, not a second one. */
export default async function AppNotFound() {
  const t = await getTranslations('errorPages');
  return <NotFoundNotice back={{ href: '/dashboard', label: t('backToDashboard') }} />;
}
