import { NextResponse, type NextRequest } from 'next/server';
import { supabaseServerClient } from '@/server/auth/supabase-client';
import { getConfig } from '@/server/config';

/**
 * In Supabase mode, refreshes an expiring session before pages and routes
 * read it (Supabase's pattern for Next.js): the new cookies go both to the
 * request seen downstream and to the browser. Local mode passes through.
 */
export async function proxy(request: NextRequest) {
  if (getConfig().auth.mode !== 'supabase') return NextResponse.next();
  let response = NextResponse.next({ request });
  const supabase = supabaseServerClient({
    getAll: () => request.cookies.getAll(),
    setAll: (cookies, headers) => {
      cookies.forEach(({ name, value }) => request.cookies.set(name, value));
      response = NextResponse.next({ request });
      cookies.forEach(({ name, value, options }) => response.cookies.set(name, value, options));
      Object.entries(headers).forEach(([name, value]) => response.headers.set(name, value));
    },
  });
  // Refreshes through setAll when the access token is about to expire; its result is not trusted here.
  await supabase.auth.getClaims();
  return response;
}

export const config = {
  matcher: [
    {
      source:
        '/((?!ocpp/|_next/static|_next/image|favicon\\.ico|api/(?:health|ready)(?:/|$)|api/webhooks/|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)',
      // A caller with an Authorization header (API key, access token) never uses the session cookie: nothing to refresh.
      missing: [{ type: 'header', key: 'authorization' }],
    },
  ],
};
