import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnodeClient } from '@/server/enode/client';
import { ensureWebhookSubscription, WEBHOOK_EVENTS } from '@/server/enode/subscription';
import { startEnodeSimulator, type EnodeSimulator } from '../fakes/enode/simulator';

let sim: EnodeSimulator;
let client: EnodeClient;
const URL = 'http://127.0.0.1:1/api/webhooks/enode';
const SECRET = 'our-secret-0123456789abcdef';

beforeAll(async () => {
  sim = await startEnodeSimulator();
  client = new EnodeClient({ apiUrl: sim.url, oauthUrl: sim.oauthUrl, clientId: sim.clientId, clientSecret: sim.clientSecret });
});
afterAll(async () => {
  await sim?.close();
});

const ours = async () => (await client.listWebhooks()).filter((hook) => hook.url === URL);

describe('Enode webhook subscription health', () => {
  it('creates the subscription when it is missing, then finds it healthy', async () => {
    expect(await ensureWebhookSubscription(client, URL, SECRET)).toBe('created');
    expect(await ours()).toEqual([expect.objectContaining({ isActive: true, events: WEBHOOK_EVENTS })]);
    expect(await ensureWebhookSubscription(client, URL, SECRET)).toBe('healthy');
    expect(await ours()).toHaveLength(1);
  });

  it('removes duplicates, resets the secret and reactivates, leaving other URLs alone', async () => {
    const [kept] = await ours();
    const foreign = sim.addWebhook('http://127.0.0.1:1/someone-else', 'x'.repeat(20));
    sim.addWebhook(URL, 'duplicate-secret-0123456789');
    Object.assign(sim.webhook(kept.id)!, { isActive: false, secret: 'stale-secret-0123456789' });

    expect(await ensureWebhookSubscription(client, URL, SECRET)).toBe('reactivated');
    expect(await ours()).toEqual([expect.objectContaining({ id: kept.id, isActive: true })]);
    expect(sim.webhook(kept.id)!.secret).toBe(SECRET);
    expect(sim.webhook(foreign.id)).toBeDefined();
  });
});
