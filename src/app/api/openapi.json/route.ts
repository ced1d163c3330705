import { publicBaseUrl } from '@/server/http/public-url';
import { route } from '@/server/http/route';
import { openApiDocument } from '@/server/openapi/document';

export const GET = route({ access: 'public' }, async ({ req }) => openApiDocument(publicBaseUrl(req.headers)));
