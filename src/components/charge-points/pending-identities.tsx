'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';

import { CopyableValue } from '@/components/copyable-value';
import { DateTime } from '@/components/date-time';
import { FormError } from '@/components/forms/form-error';
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { callApi } from '@/lib/api-client';
import { usePolled } from './use-polled';

export interface PendingIdentity {
  id: string;
  identity: string;
  vendor: string | null;
  model: string | null;
  connected: boolean;
  first_seen_at: string;
  last_seen_at: string | null;
}
interface Claimed {
  identity: string;
  ocpp_url: string;
  password: string;
  password_offer: { outcome: string } | null;
}

/** Unknown identities that connected (admin setting on); claiming one makes it the user's charge point. */
function PendingIdentities({ initial }: { initial: PendingIdentity[] }) {
  const router = useRouter();
  const [{ pending }, reload] = usePolled('/api/charge-points/pending', { pending: initial });
  const { error, run } = useApiAction();
  const [claimed, setClaimed] = React.useState<Claimed>();

  async function claim(id: string) {
    const result = await run(() => callApi<Claimed>('POST', `/api/charge-points/pending/${id}/claim`, {}));
    if (result.ok) {
      setClaimed(result.data);
      reload();
      router.refresh();
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <FormError error={error} title="Could not claim the charge point" />
      {claimed && (
        <section aria-label="Claimed charge point" className="flex flex-col gap-3">
          <p className="font-medium">{claimed.identity} is now yours. Its password is shown only now:</p>
          <CopyableValue label="Password" value={claimed.password} testId="claimed-password" />
          <CopyableValue label="OCPP server URL" value={claimed.ocpp_url} />
          <p className="text-sm text-muted-foreground">
            {claimed.password_offer?.outcome === 'accepted'
              ? 'The charge point took the password over OCPP and will use it when it reconnects.'
              : 'Enter the password in the charge point’s OCPP settings.'}
          </p>
        </section>
      )}
      {pending.length === 0 ? (
        <p className="text-sm text-muted-foreground">No unclaimed charge points.</p>
      ) : (
        <Table aria-label="Pending charge points">
          <TableHeader>
            <TableRow>
              <TableHead>ID</TableHead>
              <TableHead>Model</TableHead>
              <TableHead>First seen</TableHead>
              <TableHead>Last seen</TableHead>
              <TableHead />
            </TableRow>
          </TableHeader>
          <TableBody>
            {pending.map((p) => (
              <TableRow key={p.id}>
                <TableCell className="font-mono text-xs">{p.identity}</TableCell>
                <TableCell className="text-xs">{[p.vendor, p.model].filter(Boolean).join(' ') || '–'}</TableCell>
                <TableCell className="text-xs">
                  <DateTime value={p.first_seen_at} />
                </TableCell>
                <TableCell className="text-xs">{p.last_seen_at ? <DateTime value={p.last_seen_at} /> : '–'}</TableCell>
                <TableCell>
                  <Button type="button" size="sm" variant="outline" onClick={() => claim(p.id)} aria-label={`Claim ${p.identity}`}>
                    Claim
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

export { PendingIdentities };
