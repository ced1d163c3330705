'use client';

import * as React from 'react';
import { ThemeProvider as NextThemesProvider } from 'next-themes';

// next-themes renders an inline <script> that sets the theme class before first paint; it only has
// to run from the server HTML. When React creates that element on the client (client-side remounts),
// React 19 logs "Encountered a script tag while rendering React component" (next-themes#385). Giving
// the client copy a non-JS type marks it as a data block, which silences that without touching SSR.
const clientScriptProps = { type: 'text/plain' } as const;

/**
 * Class-based light/dark/system theming. Wrap the app in it inside <body>; the
 * root <html> needs `suppressHydrationWarning` because next-themes sets the
 * class before React hydrates.
 */
function ThemeProvider({ children, ...props }: React.ComponentProps<typeof NextThemesProvider>) {
  return (
    <NextThemesProvider
      attribute="class"
      defaultTheme="system"
      enableSystem
      disableTransitionOnChange
      scriptProps={typeof window === 'undefined' ? undefined : clientScriptProps}
      {...props}
    >
      {children}
    </NextThemesProvider>
  );
}

export { ThemeProvider };
