import { route } from '@/server/http/route';
import { subscribeWebPush, subscriptionSchema, unsubscribeWebPush, vapidKeys, webPushDevices } from '@/server/notifications/channels/webpush';
import { getDb } from '@/server/db/client';

export const dynamic = 'force-dynamic';

/** The VAPID public key a browser subscribes with (applicationServerKey), and how many browsers are subscribed. */
export const GET = route({ access: 'user' }, async ({ user }) => ({
  public_key: (await vapidKeys()).publicKey,
  devices: (await webPushDevices(await getDb(), [user.id])).get(user.id) ?? 0,
}));

/** Subscribes this browser (the body is its `PushSubscription.toJSON()`). */
export const POST = route({ access: 'user', body: subscriptionSchema }, async ({ user, body }) => {
  await subscribeWebPush(user.id, body);
  return { subscribed: true };
});

export const DELETE = route({ access: 'user', body: subscriptionSchema.pick({ endpoint: true }) }, async ({ user, body }) => {
  await unsubscribeWebPush(user.id, body.endpoint);
  return { subscribed: false };
});
