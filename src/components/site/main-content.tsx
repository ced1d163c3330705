import * as React from 'react';

import { cn } from '@/lib/utils';

/** The page's <main>, target of the "Skip to content" link in the root layout. */
function MainContent({ className, ...props }: React.ComponentProps<'main'>) {
  return <main id="main-content" tabIndex={-1} className={cn('outline-none', className)} {...props} />;
}

export { MainContent };
