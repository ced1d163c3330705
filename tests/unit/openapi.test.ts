import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/server/openapi/document';

const doc = openApiDocument('https://ev.example.com') as any;

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref') found.push(v as string);
      else refs(v, found);
    }
  }
  return found;
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with the Home Assistant contract’s paths, old aliases included', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/me', '/api/user/vehicles', '/api/status/{vehicleId}', '/api/ha/status/{vehicleId}', '/api/charging/{vehicleId}', '/api/ha/charging/sessions', '/api/ha/webhook/register', '/api/me/api-usage']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.paths['/api/ha/webhook/register']).sort()).toEqual(['delete', 'post']);
  });

  it('describes requests from the routes’ own zod schemas', () => {
    const status = doc.paths['/api/status/{vehicleId}'].get;
    expect(status.parameters).toEqual([expect.objectContaining({ name: 'vehicleId', in: 'path', required: true })]);
    expect(Object.keys(status.responses)).toEqual(expect.arrayContaining(['200', '401', '404', '422', '429']));
    const rate = doc.paths['/api/ha/electricity-rate'].post.requestBody.content['application/json'].schema;
    expect(rate.required).toEqual(['cost_per_kwh', 'currency']);
    expect(rate.properties.cost_per_kwh).toMatchObject({ type: 'number', minimum: 0 });
    const sessions = doc.paths['/api/ha/charging/sessions'].get.parameters;
    expect(sessions.find((p: any) => p.name === 'limit').schema).toMatchObject({ minimum: 1, maximum: 200 });
  });

  it('has every $ref resolvable within the document', () => {
    for (const ref of refs(doc)) {
      expect(ref.startsWith('#/components/')).toBe(true);
      const target = ref.slice(2).split('/').reduce((node: any, key) => node?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });
});
