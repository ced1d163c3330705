import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/server/config';
import { jsonWithCookie } from '@/server/http/responses';
import { clearedSessionCookie, destroySession, SESSION_COOKIE } from './session';
import { signOutOfSupabase } from './supabase';

const SIGNED_OUT = { status: 'signed_out' };

/** Ends the session of the configured auth mode and answers with its cookies cleared. */
export async function signOut(req: NextRequest): Promise<NextResponse> {
  if (getConfig().auth.mode === 'local') {
    await destroySession(req.cookies.get(SESSION_COOKIE)?.value);
    return jsonWithCookie(SIGNED_OUT, clearedSessionCookie());
  }
  const response = NextResponse.json(SIGNED_OUT);
  await signOutOfSupabase(req.cookies, response);
  return response;
}
