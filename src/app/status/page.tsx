import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { MainContent } from '@/components/site/main-content';
import { PublicHeader } from '@/components/site/public-header';
import { StatusBoard } from '@/components/status/status-board';
import { systemStatus } from '@/server/system/status';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('status.title') };
}
export const dynamic = 'force-dynamic';

/** Public: whether the service works, for anyone, signed in or not (no private data). */
export default async function StatusPage() {
  const status = await systemStatus();
  return (
    <div className="flex min-h-dvh flex-col">
      <PublicHeader />
      <MainContent className="mx-auto w-full max-w-3xl flex-1 px-4 py-10 sm:px-6">
        <StatusBoard status={status} />
      </MainContent>
    </div>
  );
}
