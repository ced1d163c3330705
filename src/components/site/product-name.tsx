import Link from 'next/link';
import { ZapIcon } from 'lucide-react';

/** The product name as a home link, for page headers. */
function ProductName({ href = '/' }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 rounded-md text-base font-semibold tracking-tight">
      <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <ZapIcon className="size-4" aria-hidden="true" />
      </span>
      EVConduit
    </Link>
  );
}

export { ProductName };
