import { MainContent } from '@/components/site/main-content';
import { PublicHeader } from '@/components/site/public-header';

/** Sign-in, sign-up and account recovery: one centred card under a small header. */
export default function PublicLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <PublicHeader />
      <MainContent className="flex flex-1 items-start justify-center px-4 py-12 sm:items-center">{children}</MainContent>
    </div>
  );
}
