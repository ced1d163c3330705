import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';

import { AuthCard } from '@/components/auth/auth-card';
import { TextLink } from '@/components/site/text-link';
import { Button } from '@/components/ui/button';
import { getConfig } from '@/server/config';
import { simulatorLinkOptions, simulatorLinkParams } from '@/server/enode/simulator-link';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pages'))('simulatorLink.title') };
}

/** The built-in simulator's stand-in for Enode's Link UI, under the app's own address (see simulator-link.ts). */
export default async function SimulatorLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const parsed = simulatorLinkParams.safeParse(await params);
  if (!getConfig().enode?.simulated || !parsed.success) notFound();
  const { token } = parsed.data;
  const t = await getTranslations('simulatorLink');
  const vendors = await simulatorLinkOptions(token);
  if (!vendors) {
    return (
      <AuthCard
        title={t('expired')}
        description={t('expiredHelp')}
        footer={<TextLink href="/dashboard">{t('backToDashboard')}</TextLink>}
      />
    );
  }
  return (
    <AuthCard
      title={t('title')}
      description={t('description')}
    >
      <form method="post" action={`/simulator/link/${token}/decision`} className="flex flex-col gap-4">
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-sm font-medium">{t('brand')}</legend>
          {vendors.map(({ vendor, brand }) => (
            <label key={vendor} className="flex cursor-pointer items-center gap-3 rounded-md border px-3 py-2 text-sm has-[:checked]:border-primary">
              <input type="radio" name="vendor" value={vendor} required defaultChecked={vendors.length === 1} className="accent-primary" />
              {brand}
            </label>
          ))}
        </fieldset>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" name="decision" value="approve">
            {t('approve')}
          </Button>
          <Button type="submit" name="decision" value="cancel" variant="outline" formNoValidate>
            {t('cancel')}
          </Button>
        </div>
      </form>
    </AuthCard>
  );
}
