/**
 * Turns a request path into the label it is counted and logged under: the
 * app's route template (`/api/charge-points/[id]`), never the raw path, so
 * ids stay out of the metrics and a client inventing paths cannot grow them.
 * The templates come from Next's build manifest; anything unknown is `other`.
 */
import fs from 'node:fs';
import path from 'node:path';

interface ManifestRoute {
  page: string;
  regex: string;
}

export type RouteKind = 'static' | 'prefetch' | 'page' | 'api' | 'other';

export interface RouteLabel {
  /** The template, `/_next/static`, `/_next/image` or `other`. */
  route: string;
  /** Static files and prefetches are logged at debug only (they flooded the log). */
  kind: RouteKind;
}

const STATIC_FILE = /\.(?:ico|png|svg|jpe?g|webp|gif|txt|xml|webmanifest|js|css|map|woff2?)$/;

/** Reads the build's route list once; without a build (dev before the first compile) every path is `other`. */
export function routeLabeller(distDir: string): (url: string | undefined, headers: Record<string, unknown>) => RouteLabel {
  let exact = new Set<string>();
  let dynamic: Array<{ page: string; regex: RegExp }> = [];
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'routes-manifest.json'), 'utf8')) as {
      staticRoutes?: ManifestRoute[];
      dynamicRoutes?: ManifestRoute[];
    };
    exact = new Set((manifest.staticRoutes ?? []).map((r) => r.page));
    dynamic = (manifest.dynamicRoutes ?? []).map((r) => ({ page: r.page, regex: new RegExp(r.regex) }));
  } catch {
    // Only `other` then; counted all the same.
  }
  return (url, headers) => {
    const pathname = (url ?? '').split('?')[0];
    if (pathname.startsWith('/_next/static/')) return { route: '/_next/static', kind: 'static' };
    if (pathname.startsWith('/_next/image')) return { route: '/_next/image', kind: 'static' };
    const template = exact.has(pathname) ? pathname : dynamic.find((r) => r.regex.test(pathname))?.page;
    // Prefetches (Link) and RSC navigations ask for the same page in the background.
    const background = headers['next-router-prefetch'] !== undefined || headers.rsc !== undefined || headers.purpose === 'prefetch';
    if (!template) return { route: 'other', kind: STATIC_FILE.test(pathname) ? 'static' : 'other' };
    if (template.startsWith('/api/') || template === '/api') return { route: template, kind: 'api' };
    return { route: template, kind: background ? 'prefetch' : STATIC_FILE.test(pathname) ? 'static' : 'page' };
  };
}
