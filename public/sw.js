// EVConduit's service worker: shows Web Push notifications and opens their
// page when one is clicked. The payload is {title, body, url} (see
// src/server/notifications/channels/webpush.ts).
self.addEventListener('push', (event) => {
  let message = { title: 'EVConduit', body: '', url: '/notifications' };
  try {
    message = { ...message, ...event.data.json() };
  } catch {
    // Not ours, or empty: show the generic title.
  }
  event.waitUntil(self.registration.showNotification(message.title, { body: message.body, data: { url: message.url }, icon: '/favicon.svg' }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url ?? '/', self.location.origin);
  // Only our own pages.
  if (url.origin !== self.location.origin) return;
  event.waitUntil(self.clients.openWindow(url.href));
});
