import { cookies } from 'next/headers';
import type { NextRequest } from 'next/server';
import { completeSupabaseSignIn } from '@/server/auth/supabase';
import { toErrorResponse } from '@/server/http/route';

/** Supabase sends magic-link and OAuth sign-ins back here with a one-time code. */
export async function GET(req: NextRequest) {
  try {
    const target = await completeSupabaseSignIn(req.nextUrl.searchParams, await cookies());
    // A relative Location keeps the browser on the host that just received the session cookies.
    return new Response(null, { status: 303, headers: { Location: target } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
