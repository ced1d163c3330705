import { getConfig } from '@/server/config';
import { EnodeClient } from './client';
import { enodeNotConfigured } from './errors';

/** The configured Enode client; throws 503 `enode_not_configured` without credentials. */
export function enodeClient(): EnodeClient {
  const config = getConfig().enode;
  if (!config) throw enodeNotConfigured();
  return new EnodeClient(config);
}
