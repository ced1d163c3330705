/**
 * The built-in Enode simulator's Link UI, served by EVConduit itself: the
 * simulator listens on 127.0.0.1 on a random port, so a phone on the same
 * network could not open its page. Only while the app runs on the built-in
 * simulator (ENODE_SIMULATED); otherwise these pages do not exist.
 */
import { z } from 'zod';
import { getConfig } from '@/server/config';
import { notFound } from '@/server/http/errors';

const SIMULATOR_LINK_PATH = '/simulator/link';
const SIMULATOR_TIMEOUT_MS = 5000;

/** The simulator's link tokens: 18 random bytes as base64url. */
export const simulatorLinkParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });

export const simulatorDecisionSchema = z.object({
  decision: z.enum(['approve', 'cancel']),
  vendor: z.string().regex(/^[A-Z0-9_]{2,40}$/).optional(),
});

export const simulatorLinkUrl = (baseUrl: string, linkToken: string) => `${baseUrl}${SIMULATOR_LINK_PATH}/${encodeURIComponent(linkToken)}`;

/** Where the built-in simulator runs; a 404 when the app is on real Enode (or another simulator). */
function builtInSimulator(): string {
  const enode = getConfig().enode;
  if (!enode?.simulated) throw notFound('page');
  return enode.apiUrl;
}

const linkOptionsSchema = z.object({ vendors: z.array(z.object({ vendor: z.string(), brand: z.string() })).max(50) });

/** The brands a link session offers, or undefined when it has expired or was used. */
export async function simulatorLinkOptions(token: string): Promise<z.infer<typeof linkOptionsSchema>['vendors'] | undefined> {
  const response = await fetch(`${builtInSimulator()}/link/${encodeURIComponent(token)}/options`, {
    signal: AbortSignal.timeout(SIMULATOR_TIMEOUT_MS),
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`The Enode simulator answered ${response.status}`);
  return linkOptionsSchema.parse(await response.json()).vendors;
}

/** Passes the person's choice on; returns where the simulator sends them (the link's redirect URI, with the outcome). */
export async function simulatorLinkDecision(token: string, input: z.infer<typeof simulatorDecisionSchema>): Promise<string> {
  const response = await fetch(`${builtInSimulator()}/link/${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ decision: input.decision, ...(input.vendor ? { vendor: input.vendor } : {}) }),
    redirect: 'manual',
    signal: AbortSignal.timeout(SIMULATOR_TIMEOUT_MS),
  });
  await response.body?.cancel();
  const location = response.headers.get('location');
  if (response.status === 404) throw notFound('linkSession');
  if (response.status !== 302 || !location) throw new Error(`The Enode simulator answered ${response.status}`);
  return location;
}
