// Where builds go; NEXT_DIST_DIR lets several builds coexist.
import path from 'node:path';

export const distDir = process.env.NEXT_DIST_DIR || '.next';
export const serverBundle = path.join(distDir, 'evconduit-server.mjs');
