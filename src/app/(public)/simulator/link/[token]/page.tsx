import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { AuthCard } from '@/components/auth/auth-card';
import { TextLink } from '@/components/site/text-link';
import { Button } from '@/components/ui/button';
import { getConfig } from '@/server/config';
import { simulatorLinkOptions, simulatorLinkParams } from '@/server/enode/simulator-link';

export const metadata: Metadata = { title: 'Link your vehicle (simulator)' };

/** The built-in simulator's stand-in for Enode's Link UI, under the app's own address (see simulator-link.ts). */
export default async function SimulatorLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const parsed = simulatorLinkParams.safeParse(await params);
  if (!getConfig().enode?.simulated || !parsed.success) notFound();
  const { token } = parsed.data;
  const vendors = await simulatorLinkOptions(token);
  if (!vendors) {
    return (
      <AuthCard
        title="This link has expired"
        description="It was used already, or the app restarted since. Start again from the dashboard."
        footer={<TextLink href="/dashboard">Back to the dashboard</TextLink>}
      />
    );
  }
  return (
    <AuthCard
      title="Link your vehicle"
      description="Simulated Enode: choose a brand and approve, and a simulated car of that brand is linked to your account."
    >
      <form method="post" action={`/simulator/link/${token}/decision`} className="flex flex-col gap-4">
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-sm font-medium">Brand</legend>
          {vendors.map(({ vendor, brand }) => (
            <label key={vendor} className="flex cursor-pointer items-center gap-3 rounded-md border px-3 py-2 text-sm has-[:checked]:border-primary">
              <input type="radio" name="vendor" value={vendor} required defaultChecked={vendors.length === 1} className="accent-primary" />
              {brand}
            </label>
          ))}
        </fieldset>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" name="decision" value="approve">
            Approve
          </Button>
          <Button type="submit" name="decision" value="cancel" variant="outline" formNoValidate>
            Cancel
          </Button>
        </div>
      </form>
    </AuthCard>
  );
}
