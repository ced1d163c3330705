/** The 30-day Pro trial: once per account, no card needed (`decidePlan` counts it as Pro until it ends). */
import { and, eq, isNull } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { users, type User } from '@/server/db/schema';
import { conflict } from '@/server/http/errors';
import { recordAudit } from '@/server/audit/audit';
import { billingEnabled } from '@/server/plans/limits';
import { billingDisabled } from './stripe';
import { emit } from '@/server/events/domain-events';

export const TRIAL_DAYS = 30;

export async function startTrial(user: Pick<User, 'id'>): Promise<User> {
  if (!billingEnabled()) throw billingDisabled();
  const db = await getDb();
  const at = now();
  // Conditional on trial_used_at: two clicks at once still give one trial.
  const [updated] = await db
    .update(users)
    .set({ trialUsedAt: at, trialEndsAt: new Date(at.getTime() + TRIAL_DAYS * 86_400_000), updatedAt: at })
    .where(and(eq(users.id, user.id), isNull(users.trialUsedAt)))
    .returning();
  if (!updated) throw conflict('trial_used', 'errors.billing.trialUsed');
  emit({ type: 'user.changed', userId: user.id });
  await recordAudit({ actorUserId: user.id, action: 'billing.trial_start', subjectType: 'user', subjectId: user.id });
  return updated;
}
