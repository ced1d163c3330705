/**
 * One Stripe customer per user, even when two "upgrade" clicks race: the
 * create carries an idempotency key derived from the user (Stripe answers
 * both requests with the same customer), and the id is stored only where none
 * is stored yet, so every caller ends up with the stored one.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { users, type User } from '@/server/db/schema';
import { getStripe, stripeFailure } from './stripe';
import { emit } from '@/server/events/domain-events';

export async function ensureStripeCustomer(user: Pick<User, 'id' | 'email' | 'stripeCustomerId'>): Promise<string> {
  if (user.stripeCustomerId) return user.stripeCustomerId;
  const customer = await getStripe()
    .customers.create(
      { email: user.email, metadata: { user_id: user.id } },
      { idempotencyKey: `evconduit-customer-${user.id}` },
    )
    .catch((error: unknown) => {
      throw stripeFailure(error);
    });
  const db = await getDb();
  const [stored] = await db
    .update(users)
    .set({ stripeCustomerId: customer.id })
    .where(and(eq(users.id, user.id), isNull(users.stripeCustomerId)))
    .returning({ id: users.stripeCustomerId });
  if (stored?.id) {
    emit({ type: 'user.changed', userId: user.id });
    return stored.id;
  }
  const [current] = await db.select({ id: users.stripeCustomerId }).from(users).where(eq(users.id, user.id));
  return current?.id ?? customer.id;
}

/** The user a Stripe customer belongs to. */
export async function userIdForCustomer(customerId: string | null | undefined): Promise<string | undefined> {
  if (!customerId) return undefined;
  const db = await getDb();
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.stripeCustomerId, customerId));
  return row?.id;
}
