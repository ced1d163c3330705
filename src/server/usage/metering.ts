/**
 * The metered part of an API call, as the route wrapper uses it: burst limit,
 * then the allowance (or a token); afterwards a failed call is refunded and
 * every call is logged for the usage chart.
 */
import type { AuthContext } from '@/server/auth/current-user';
import { getPlanLimits } from '@/server/plans/limits';
import { chargeCall, rateLimitHeaders, refundCall, type CallCharge } from './allowance';
import { knownBurstRefusal } from './burst';
import { logCall } from './call-log';

/** Only Home Assistant's calls (API keys) count; the signed-in web app does not. */
export const isMeteredCaller = (auth: AuthContext | undefined): auth is AuthContext & { apiKeyId: string } =>
  auth?.method === 'api_key' && auth.apiKeyId !== undefined;

export async function beginMeteredCall(auth: AuthContext & { apiKeyId: string }): Promise<CallCharge> {
  // A key known to be over its burst limit costs no transaction until its minute ends.
  const refused = knownBurstRefusal(auth.apiKeyId, (await getPlanLimits()).burst_per_minute);
  if (refused) throw refused;
  return chargeCall(auth.user, auth.apiKeyId);
}

/** Settles a charged call by its outcome; returns the headers for the response. */
export async function endMeteredCall(
  charge: CallCharge,
  call: { apiKeyId: string; endpoint: string; status: number },
): Promise<Record<string, string>> {
  const succeeded = call.status < 400;
  if (!succeeded) await refundCall(charge);
  logCall({ userId: charge.userId, apiKeyId: call.apiKeyId, endpoint: call.endpoint, status: call.status, counted: succeeded });
  const remaining = succeeded || charge.paidWith === 'token' ? charge.remaining : charge.remaining + 1;
  return rateLimitHeaders(charge.limit, remaining, charge.period.resetsAt);
}
