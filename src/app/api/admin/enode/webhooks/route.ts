import { webhookHealth } from '@/server/enode/health';
import { route } from '@/server/http/route';

export const GET = route({ access: 'admin' }, () => webhookHealth());
