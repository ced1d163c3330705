import * as React from 'react';
import Link from 'next/link';

import { cn } from '@/lib/utils';

/** An inline link in running text: underlined, so it does not rely on colour alone. */
function TextLink({ className, ...props }: React.ComponentProps<typeof Link>) {
  return (
    <Link
      className={cn('font-medium text-foreground underline underline-offset-4 hover:text-foreground/80', className)}
      {...props}
    />
  );
}

export { TextLink };
