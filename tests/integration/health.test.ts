import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/api';
import { startServer, usingPostgres, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('health and readiness', () => {
  it('/api/health answers ok', async () => {
    const response = await api(server, '/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('/api/ready reports the database driver and no pending migrations', async () => {
    const response = await api(server, '/api/ready');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ready',
      database: 'ok',
      driver: usingPostgres ? 'postgres' : 'pglite',
      pending_migrations: [],
    });
  });

  it('echoes a well-formed X-Request-Id and logs the request under it', async () => {
    const requestId = `test-${Date.now()}`;
    const response = await api(server, '/api/health', { headers: { 'x-request-id': requestId } });
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const entry = await server.waitForLog((e) => e.msg === 'request' && e.reqId === requestId);
    expect(entry).toMatchObject({ method: 'GET', path: '/api/health', status: 200 });
  });

  it('replaces a malformed X-Request-Id with its own', async () => {
    const response = await api(server, '/api/health', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
