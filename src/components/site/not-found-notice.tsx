import Link from 'next/link';

import { Button } from '@/components/ui/button';

/** The body of both 404 pages (public and signed-in), which differ only in their frame and way back. */
function NotFoundNotice({ back }: { back: { href: string; label: string } }) {
  return (
    <div className="flex max-w-xl flex-col items-start gap-4">
      <p className="text-sm font-medium text-muted-foreground">Error 404</p>
      <h1 className="text-3xl font-semibold tracking-tight">This page does not exist</h1>
      <p className="text-muted-foreground">The link may be old or mistyped.</p>
      <Button asChild>
        <Link href={back.href}>{back.label}</Link>
      </Button>
    </div>
  );
}

export { NotFoundNotice };
