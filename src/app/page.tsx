import Link from 'next/link';
import { ArrowRightIcon, CarIcon, EvChargerIcon, HouseIcon } from 'lucide-react';
import { getTranslations } from 'next-intl/server';

import { MainContent } from '@/components/site/main-content';
import { PublicHeader } from '@/components/site/public-header';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { getCurrentUser } from '@/server/auth/current-user';

const features = [
  {
    icon: CarIcon,
    title: 'vehiclesTitle',
    text: 'vehiclesText',
  },
  {
    icon: EvChargerIcon,
    title: 'chargePointsTitle',
    text: 'chargePointsText',
  },
  {
    icon: HouseIcon,
    title: 'haTitle',
    text: 'haText',
  },
] as const;

export default async function LandingPage() {
  const user = await getCurrentUser();
  const t = await getTranslations('home');
  return (
    <>
      <PublicHeader>
        {user ? (
          <Button asChild size="sm">
            <Link href="/dashboard">{t('goToDashboard')}</Link>
          </Button>
        ) : (
          <Button asChild variant="ghost" size="sm">
            <Link href="/signin">{t('signIn')}</Link>
          </Button>
        )}
      </PublicHeader>
      <MainContent className="mx-auto flex max-w-5xl flex-col gap-16 px-4 py-16 sm:px-6 sm:py-24">
        <section className="flex flex-col items-start gap-6">
          <h1 className="max-w-3xl text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
            {t('headline')}
          </h1>
          <p className="max-w-2xl text-lg text-muted-foreground">
            {t('lead')}
          </p>
          <div className="flex flex-wrap gap-3">
            {user ? (
              <Button asChild size="lg">
                <Link href="/dashboard">
                  {t('goToDashboard')} <ArrowRightIcon aria-hidden="true" />
                </Link>
              </Button>
            ) : (
              <>
                <Button asChild size="lg">
                  <Link href="/signup">
                    {t('createAccount')} <ArrowRightIcon aria-hidden="true" />
                  </Link>
                </Button>
                <Button asChild size="lg" variant="outline">
                  <Link href="/signin">{t('signIn')}</Link>
                </Button>
              </>
            )}
          </div>
        </section>
        <section aria-labelledby="features-heading" className="flex flex-col gap-6">
          <h2 id="features-heading" className="text-2xl font-semibold tracking-tight">
            {t('whatItDoes')}
          </h2>
          <ul className="grid gap-4 md:grid-cols-3">
            {features.map(({ icon: Icon, title, text }) => (
              <li key={title}>
                <Card className="h-full">
                  <CardHeader>
                    <Icon className="size-6" aria-hidden="true" />
                    <CardTitle>
                      <h3>{t(title)}</h3>
                    </CardTitle>
                    <CardDescription>{t(text)}</CardDescription>
                  </CardHeader>
                </Card>
              </li>
            ))}
          </ul>
        </section>
      </MainContent>
    </>
  );
}
