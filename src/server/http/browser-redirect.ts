/**
 * Routes a person's browser navigates to (Enode's redirect back, a form post)
 * answer with redirects to pages, never with a JSON body a person would read.
 */
import type { NextRequest } from 'next/server';

type RouteHandler = (req: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** Our own pages go as relative paths, so the browser stays on the host that holds its session cookie. */
export const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location } });

/** route()'s error (its one shape, `{detail}`) becomes a redirect to the page `errorPage` names, which says it in words. */
export function redirectErrors(handler: RouteHandler, errorPage: (error: { status: number; detail: string }, req: NextRequest) => string): RouteHandler {
  return async (req, context) => {
    const response = await handler(req, context);
    if (response.status < 400) return response;
    const { detail } = (await response.json()) as { detail: string };
    return seeOther(errorPage({ status: response.status, detail }, req));
  };
}
