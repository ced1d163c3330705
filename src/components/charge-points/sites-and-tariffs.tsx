'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { callApi } from '@/lib/api-client';

const numberOrNull = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === '' ? null : Number(v));

/** Adds a site (name, max current per phase, phases). */
function AddSiteForm() {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const result = await run(() =>
      callApi('POST', '/api/sites', { name: form.get('name'), max_current_a: numberOrNull(form.get('max_current_a')), phases: Number(form.get('phases')) }),
    );
    if (result.ok) {
      formElement.reset();
      router.refresh();
    }
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Add a site">
      <FormError error={error} fields={['name', 'max_current_a', 'phases']} title="Could not add the site" />
      <TextField id="site-name" name="name" label="Name" required maxLength={100} error={error?.fieldErrors.name} />
      <TextField id="site-max" name="max_current_a" label="Max current per phase (A)" type="number" min={1} step="0.1" hint="Leave empty for no load balancing." />
      <TextField id="site-phases" name="phases" label="Phases (1 or 3)" type="number" min={1} max={3} step={2} defaultValue={3} />
      <SubmitButton pending={pending} pendingLabel="Adding…">
        Add site
      </SubmitButton>
    </form>
  );
}

/** Adds a tariff (price per kWh and currency). */
function AddTariffForm() {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const result = await run(() =>
      callApi('POST', '/api/tariffs', {
        name: form.get('name'),
        price_per_kwh: Number(form.get('price_per_kwh')),
        currency: String(form.get('currency') ?? '').toUpperCase(),
      }),
    );
    if (result.ok) {
      formElement.reset();
      router.refresh();
    }
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Add a tariff">
      <FormError error={error} fields={['name', 'price_per_kwh', 'currency']} title="Could not add the tariff" />
      <TextField id="tariff-name" name="name" label="Name" required maxLength={100} error={error?.fieldErrors.name} />
      <TextField id="tariff-price" name="price_per_kwh" label="Price per kWh" type="number" min={0} step="0.0001" required />
      <TextField id="tariff-currency" name="currency" label="Currency" required maxLength={3} defaultValue="CHF" error={error?.fieldErrors.currency} />
      <SubmitButton pending={pending} pendingLabel="Adding…">
        Add tariff
      </SubmitButton>
    </form>
  );
}

export { AddSiteForm, AddTariffForm };
