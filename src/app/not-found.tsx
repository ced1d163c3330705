import { getTranslations } from 'next-intl/server';
import { MainContent } from '@/components/site/main-content';
import { NotFoundNotice } from '@/components/site/not-found-notice';
import { PublicHeader } from '@/components/site/public-header';

/** Addresses that match no page. */
export default async function NotFound() {
  const t = await getTranslations('errorPages');
  return (
    <>
      <PublicHeader />
      <MainContent className="mx-auto max-w-xl px-4 py-16 sm:px-6">
        <NotFoundNotice back={{ href: '/', label: t('toStart') }} />
      </MainContent>
    </>
  );
}
