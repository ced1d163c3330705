'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { callApi } from '@/lib/api-client';
import type { PlanLimits } from '@/server/plans/limits';

const TIERS = ['free', 'basic', 'pro'] as const;

/** Allowances and features per plan; saved as one setting, in force within seconds. */
function PlanLimitsForm({ limits }: { limits: PlanLimits }) {
  const t = useTranslations('adminPlans');
  const router = useRouter();
  const { pending, error, run } = useApiAction();

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const number = (name: string) => Number(form.get(name));
    const body = {
      ...Object.fromEntries(
        TIERS.map((tier) => [
          tier,
          {
            monthly_calls: number(`${tier}.monthly_calls`),
            linked_vehicles: number(`${tier}.linked_vehicles`),
            charging_control: form.get(`${tier}.charging_control`) === 'on',
            push: form.get(`${tier}.push`) === 'on',
          },
        ]),
      ),
      burst_per_minute: number('burst_per_minute'),
    };
    const result = await run(() => callApi('PUT', '/api/admin/plans', body));
    if (result.ok) {
      toast.success(t('saved'));
      router.refresh();
    }
  }

  return (
    <form onSubmit={save} className="flex flex-col gap-6" aria-label={t('form')}>
      <FormError error={error} fields={[]} title={t('saveFailed')} />
      <div className="grid gap-6 md:grid-cols-3">
        {TIERS.map((tier) => (
          <fieldset key={tier} className="flex flex-col gap-4 rounded-lg border p-4">
            <legend className="px-1 font-medium capitalize">{tier}</legend>
            <TextField
              id={`${tier}-monthly-calls`}
              name={`${tier}.monthly_calls`}
              label={t('monthlyCalls')}
              type="number"
              min={0}
              required
              defaultValue={limits[tier].monthly_calls}
              error={error?.fieldErrors[`${tier}.monthly_calls`]}
            />
            <TextField
              id={`${tier}-linked-vehicles`}
              name={`${tier}.linked_vehicles`}
              label={t('linkedVehicles')}
              type="number"
              min={0}
              required
              defaultValue={limits[tier].linked_vehicles}
              error={error?.fieldErrors[`${tier}.linked_vehicles`]}
            />
            {(['charging_control', 'push'] as const).map((feature) => (
              <label key={feature} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name={`${tier}.${feature}`}
                  defaultChecked={limits[tier][feature]}
                  className="size-4 accent-primary"
                />
                {feature === 'push' ? t('push') : t('chargingControl')}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      <TextField
        id="burst-per-minute"
        name="burst_per_minute"
        label={t('burst')}
        type="number"
        min={1}
        required
        defaultValue={limits.burst_per_minute}
        wrapperClassName="max-w-xs"
        hint={t('burstHint')}
        error={error?.fieldErrors.burst_per_minute}
      />
      <SubmitButton pending={pending} pendingLabel={t('saving')} className="self-start">
        {t('save')}
      </SubmitButton>
    </form>
  );
}

export { PlanLimitsForm };
