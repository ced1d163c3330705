'use client';

import { InfoIcon } from 'lucide-react';

import { FormError } from '@/components/forms/form-error';
import { useApiAction } from '@/components/forms/use-api-action';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import { callApi } from '@/lib/api-client';
import { linkableBrands } from '@/lib/vehicle-brands';

/**
 * Brand → Enode's Link UI → back to /vehicles/link/callback, which returns to the dashboard with the outcome.
 * With the built-in simulator only its brands are offered ("any" lets the user choose in the Link UI).
 */
function LinkVehicleForm({ simulator, returnOrigin }: { simulator: boolean; returnOrigin?: string }) {
  const { pending, error, run } = useApiAction();

  async function link(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const vendor = String(new FormData(event.currentTarget).get('vendor') ?? '');
    const result = await run(() => callApi<{ link_url: string }>('POST', '/api/vehicles/link', vendor ? { vendor } : {}));
    if (result.ok) window.location.assign(result.data.link_url);
  }

  return (
    <form onSubmit={link} className="flex flex-col gap-3" aria-label="Link a vehicle">
      <FormError error={error} title="Could not start linking" />
      {returnOrigin && (
        <Alert role="note" data-testid="link-return-notice">
          <InfoIcon aria-hidden="true" />
          <AlertDescription>
            <p>
              After linking you come back to <strong className="break-all">{returnOrigin}</strong> (the server’s APP_URL), not to the
              address you are using now: sign in there if asked, or{' '}
              <a className="underline underline-offset-4" href={`${returnOrigin}/dashboard`}>
                open EVConduit there
              </a>{' '}
              before you start.
            </p>
          </AlertDescription>
        </Alert>
      )}
      <div className="grid gap-2">
        <Label htmlFor="vehicle-brand">Brand</Label>
        <NativeSelect id="vehicle-brand" name="vendor" defaultValue="" wrapperClassName="w-full">
          <NativeSelectOption value="">Choose in the next step</NativeSelectOption>
          {linkableBrands(simulator).map(([id, name]) => (
            <NativeSelectOption key={id} value={id}>
              {name}
            </NativeSelectOption>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? 'Opening Enode…' : 'Link a vehicle'}
      </Button>
    </form>
  );
}

export { LinkVehicleForm };
