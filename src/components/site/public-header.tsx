import * as React from 'react';

import { ThemeToggle } from '@/components/theme-toggle';
import { ProductName } from './product-name';

/** Header of the pages people see before signing in. */
function PublicHeader({ children }: { children?: React.ReactNode }) {
  return (
    <header className="border-b">
      <div className="mx-auto flex h-14 max-w-5xl items-center justify-between gap-4 px-4 sm:px-6">
        <ProductName />
        <div className="flex items-center gap-2">
          {children}
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}

export { PublicHeader };
