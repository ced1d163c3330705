/** The OpenAPI 3.1 document, generated from the endpoints' zod schemas. */
import { z } from 'zod';
import { ENDPOINTS, type Endpoint } from './endpoints';
import { errorSchema } from './schemas';

type JsonSchema = Record<string, unknown>;

/** OpenAPI 3.1 schemas are JSON Schema 2020-12; the per-schema `$schema` dialect line is left out. */
const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
};

function parameters(endpoint: Endpoint) {
  const list: JsonSchema[] = [];
  for (const [where, shape] of [
    ['path', endpoint.params],
    ['query', endpoint.query],
  ] as const) {
    if (!shape) continue;
    const schema = toSchema(shape, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      list.push({ name, in: where, required: where === 'path' || (schema.required ?? []).includes(name), schema: property });
    }
  }
  return list;
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function operation(endpoint: Endpoint) {
  const responses: Record<string, unknown> = {
    '200': endpoint.response
      ? { description: 'OK', content: { 'application/json': { schema: toSchema(endpoint.response, 'output') } } }
      : { description: 'OK' },
    '401': errorResponse('Missing, malformed, unknown or revoked API key (`Invalid API key`)'),
    '422': errorResponse('Invalid request: `errors` lists every failing field'),
  };
  if (endpoint.params) responses['404'] = errorResponse('Not found, or not yours');
  if (endpoint.metered) responses['429'] = errorResponse('Allowance used up (`rate_limit_exceeded`) or too many calls a minute (`burst_limit_exceeded`); see Retry-After');
  return {
    summary: endpoint.summary,
    tags: [endpoint.tag],
    ...(endpoint.metered ? { description: 'Counted against the monthly allowance; the response carries X-RateLimit-Limit, -Remaining and -Reset.' } : {}),
    parameters: parameters(endpoint),
    ...(endpoint.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(endpoint.body, 'input') } } } } : {}),
    responses,
  };
}

export function openApiDocument(appUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of ENDPOINTS) {
    for (const path of [endpoint.path, ...(endpoint.aliases ?? [])]) {
      paths[path] = { ...paths[path], [endpoint.method]: operation(endpoint) };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'EVConduit API',
      version: '1',
      description: 'Your vehicles and charge points for Home Assistant and scripts. Authenticate with `Authorization: Bearer <API key>`.',
    },
    servers: [{ url: appUrl }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from the API keys page (evc_…)' } },
      schemas: { Error: toSchema(errorSchema, 'output') },
    },
  };
}
