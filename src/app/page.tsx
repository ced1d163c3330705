import Link from 'next/link';
import { ArrowRightIcon, CarIcon, EvChargerIcon, HouseIcon } from 'lucide-react';

import { MainContent } from '@/components/site/main-content';
import { PublicHeader } from '@/components/site/public-header';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { getCurrentUser } from '@/server/auth/current-user';

const features = [
  {
    icon: CarIcon,
    title: 'Your electric vehicles',
    text: 'Link cars from many brands through Enode and see battery level, range and charging state.',
  },
  {
    icon: EvChargerIcon,
    title: 'Your charge points',
    text: 'Point any OCPP 1.6 or 2.0.1 wallbox at EVConduit to watch and control its charging sessions.',
  },
  {
    icon: HouseIcon,
    title: 'Home Assistant',
    text: 'Create an API key, paste it into the EVConduit integration, and automate charging at home.',
  },
];

export default async function LandingPage() {
  const user = await getCurrentUser();
  return (
    <>
      <PublicHeader>
        {user ? (
          <Button asChild size="sm">
            <Link href="/dashboard">Go to dashboard</Link>
          </Button>
        ) : (
          <Button asChild variant="ghost" size="sm">
            <Link href="/signin">Sign in</Link>
          </Button>
        )}
      </PublicHeader>
      <MainContent className="mx-auto flex max-w-5xl flex-col gap-16 px-4 py-16 sm:px-6 sm:py-24">
        <section className="flex flex-col items-start gap-6">
          <h1 className="max-w-3xl text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
            Your electric cars and wallboxes, in one place and in Home Assistant
          </h1>
          <p className="max-w-2xl text-lg text-muted-foreground">
            EVConduit connects vehicles through the Enode cloud and charge points over OCPP, then lets you see and
            control them here and from Home Assistant.
          </p>
          <div className="flex flex-wrap gap-3">
            {user ? (
              <Button asChild size="lg">
                <Link href="/dashboard">
                  Go to dashboard <ArrowRightIcon aria-hidden="true" />
                </Link>
              </Button>
            ) : (
              <>
                <Button asChild size="lg">
                  <Link href="/signup">
                    Create an account <ArrowRightIcon aria-hidden="true" />
                  </Link>
                </Button>
                <Button asChild size="lg" variant="outline">
                  <Link href="/signin">Sign in</Link>
                </Button>
              </>
            )}
          </div>
        </section>
        <section aria-labelledby="features-heading" className="flex flex-col gap-6">
          <h2 id="features-heading" className="text-2xl font-semibold tracking-tight">
            What it does
          </h2>
          <ul className="grid gap-4 md:grid-cols-3">
            {features.map(({ icon: Icon, title, text }) => (
              <li key={title}>
                <Card className="h-full">
                  <CardHeader>
                    <Icon className="size-6" aria-hidden="true" />
                    <CardTitle>
                      <h3>{title}</h3>
                    </CardTitle>
                    <CardDescription>{text}</CardDescription>
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
