import Link from 'next/link';

import { MainContent } from '@/components/site/main-content';
import { PublicHeader } from '@/components/site/public-header';
import { Button } from '@/components/ui/button';

export default function NotFound() {
  return (
    <>
      <PublicHeader />
      <MainContent className="mx-auto flex max-w-xl flex-col items-start gap-4 px-4 py-16 sm:px-6">
        <p className="text-sm font-medium text-muted-foreground">Error 404</p>
        <h1 className="text-3xl font-semibold tracking-tight">This page does not exist</h1>
        <p className="text-muted-foreground">The link may be old or mistyped.</p>
        <Button asChild>
          <Link href="/">Go to the start page</Link>
        </Button>
      </MainContent>
    </>
  );
}
