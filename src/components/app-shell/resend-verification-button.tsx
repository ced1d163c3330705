'use client';

import * as React from 'react';
import { toast } from 'sonner';

import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

/** Sends a fresh confirmation e-mail and says how it went in a toast. */
function ResendVerificationButton() {
  const [pending, setPending] = React.useState(false);

  async function resend() {
    setPending(true);
    const result = await callApi('POST', '/api/auth/resend-verification');
    setPending(false);
    if (result.ok) toast.success('A new confirmation link is on its way. Check your inbox.');
    else toast.error(result.error.detail);
  }

  return (
    <Button type="button" variant="outline" size="sm" className="mt-1" disabled={pending} onClick={() => void resend()}>
      {pending ? 'Sending…' : 'Send a new link'}
    </Button>
  );
}

export { ResendVerificationButton };
