/** The user's electricity price, used to cost charging sessions (set from Home Assistant or the app). */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { users, type User } from '@/server/db/schema';
import { emit } from '@/server/events/domain-events';
import { currencySchema } from '@/server/currency';

export const electricityRateSchema = z.object({
  cost_per_kwh: z.number().min(0).max(100),
  currency: currencySchema,
});

export function presentElectricityRate(user: Pick<User, 'electricityCostPerKwh' | 'currency'>) {
  return {
    cost_per_kwh: user.electricityCostPerKwh === null ? null : Number(user.electricityCostPerKwh),
    currency: user.currency,
  };
}

export async function setElectricityRate(userId: string, rate: z.infer<typeof electricityRateSchema>) {
  const db = await getDb();
  const [user] = await db
    .update(users)
    .set({ electricityCostPerKwh: String(rate.cost_per_kwh), currency: rate.currency, updatedAt: now() })
    .where(eq(users.id, userId))
    .returning();
  emit({ type: 'user.changed', userId });
  return presentElectricityRate(user);
}
