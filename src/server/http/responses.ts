import { NextResponse } from 'next/server';
import type { CookieSpec } from '@/server/auth/session';

/** A JSON response that also sets a cookie. */
export function jsonWithCookie(data: unknown, cookie: CookieSpec, status = 200): NextResponse {
  const response = NextResponse.json(data, { status });
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}
