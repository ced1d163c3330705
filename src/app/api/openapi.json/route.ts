import { getConfig } from '@/server/config';
import { route } from '@/server/http/route';
import { openApiDocument } from '@/server/openapi/document';

export const GET = route({ access: 'public' }, async () => openApiDocument(getConfig().appUrl));
