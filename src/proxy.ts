import { NextResponse, type NextRequest } from 'next/server';
import { supabaseServerClient } from '@/server/auth/supabase-client';
import { getConfig } from '@/server/config';
import { newNonce, pagePolicy } from '@/server/http/security-headers';

/**
 * Pages get their Content-Security-Policy here: a fresh nonce on the request
 * (Next puts it on its own scripts, the layout on next-themes' script) and on
 * the response. In Supabase mode, also refreshes an expiring session before
 * pages and routes read it (Supabase's pattern for Next.js): the new cookies
 * go both to the request seen downstream and to the browser.
 */
export async function proxy(request: NextRequest) {
  const config = getConfig();
  const nonce = request.nextUrl.pathname.startsWith('/api/') ? undefined : newNonce();
  const policy = nonce && pagePolicy(nonce, config);
  const next = () => {
    const headers = new Headers(request.headers);
    if (nonce && policy) {
      headers.set('content-security-policy', policy);
      headers.set('x-nonce', nonce);
    }
    const response = NextResponse.next({ request: { headers } });
    if (policy) response.headers.set('content-security-policy', policy);
    return response;
  };
  let response = next();
  if (config.auth.mode !== 'supabase') return response;
  const supabase = await supabaseServerClient({
    getAll: () => request.cookies.getAll(),
    setAll: (cookies, headers) => {
      cookies.forEach(({ name, value }) => request.cookies.set(name, value));
      response = next();
      cookies.forEach(({ name, value, options }) => response.cookies.set(name, value, options));
      Object.entries(headers).forEach(([name, value]) => response.headers.set(name, value));
    },
  });
  // Refreshes through setAll when the access token is about to expire; its result is not trusted here.
  await supabase.auth.getClaims();
  return response;
}

/**
 * Never a request with a body (a Content-Length above 0, or chunked): no
 * page takes one, and Next holds a body it hands to the proxy in memory (up to
 * 10 MB) and waits for all of it, before the route's own cap could refuse it.
 * Literal values only: Next reads this object without running the file.
 */
export const config = {
  matcher: [
    {
      // Pages (their policy), also for a browser behind a reverse proxy that sends Basic credentials.
      source: '/((?!api/|ocpp/|_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)',
      missing: [
        { type: 'header', key: 'content-length', value: '0*[1-9][0-9]*' },
        { type: 'header', key: 'transfer-encoding' },
      ],
    },
    {
      // API routes: only the Supabase refresh. A caller with an Authorization header (API key, access token) never uses the session cookie.
      source: '/api/((?!(?:health|ready)(?:/|$)|webhooks/).*)',
      missing: [
        { type: 'header', key: 'authorization' },
        { type: 'header', key: 'content-length', value: '0*[1-9][0-9]*' },
        { type: 'header', key: 'transfer-encoding' },
      ],
    },
  ],
};
