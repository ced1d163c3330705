'use client';

import { useTranslations } from 'next-intl';
import * as React from 'react';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

/** The VAPID public key (base64url) as the bytes `applicationServerKey` takes. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const noopSubscribe = () => () => {};
const supported = () => typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window;

/** Turns Web Push on or off for this browser: the service worker, the push subscription, and our record of it. */
function BrowserPush({ devices, onChange }: { devices: number; onChange: (devices: number) => void }) {
  const t = useTranslations('notifications');
  const [pending, setPending] = React.useState(false);
  const [here, setHere] = React.useState<PushSubscription | null>(null);
  // Known only in the browser: the server renders without the button.
  const available = React.useSyncExternalStore(noopSubscribe, supported, () => false);

  React.useEffect(() => {
    if (!supported()) return;
    void navigator.serviceWorker.getRegistration('/').then(async (registration) => setHere((await registration?.pushManager.getSubscription()) ?? null));
  }, []);

  async function turnOn() {
    setPending(true);
    try {
      if ((await Notification.requestPermission()) !== 'granted') return void toast.error(t('pushDenied'));
      const keys = await callApi<{ public_key: string }>('GET', '/api/notifications/web-push');
      if (!keys.ok) return void toast.error(keys.error.detail);
      const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(keys.data.public_key) });
      const saved = await callApi('POST', '/api/notifications/web-push', subscription.toJSON());
      if (!saved.ok) return void toast.error(saved.error.detail);
      setHere(subscription);
      onChange(devices + 1);
      toast.success(t('pushOn'));
    } catch (error) {
      toast.error(t('pushFailed', { error: error instanceof Error ? error.message : String(error) }));
    } finally {
      setPending(false);
    }
  }

  async function turnOff() {
    if (!here) return;
    setPending(true);
    try {
      await callApi('DELETE', '/api/notifications/web-push', { endpoint: here.endpoint });
      await here.unsubscribe();
      setHere(null);
      onChange(Math.max(0, devices - 1));
      toast.success(t('pushOff'));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="mt-6 flex flex-wrap items-center gap-3 border-t pt-4">
      <span className="text-sm text-muted-foreground" data-testid="web-push-devices">
        {t('devices', { count: devices })}
      </span>
      {available &&
        (here ? (
          <Button variant="outline" size="sm" disabled={pending} onClick={() => void turnOff()}>
            {t('turnOff')}
          </Button>
        ) : (
          <Button variant="outline" size="sm" disabled={pending} onClick={() => void turnOn()}>
            {t('turnOn')}
          </Button>
        ))}
    </div>
  );
}

export { BrowserPush };
