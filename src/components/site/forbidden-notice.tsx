import Link from 'next/link';
import { ShieldXIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';

import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';

/** A page the signed-in user may not see: says so plainly (HTTP 403 in spirit) and offers a way back. */
function ForbiddenNotice({ title, reason }: { title: string; reason: string }) {
  const t = useTranslations('errorPages');
  return (
    <Card className="max-w-lg" data-testid="forbidden">
      <CardHeader>
        <ShieldXIcon className="size-8 text-destructive" aria-hidden="true" />
        <p className="text-sm font-medium text-muted-foreground">{t('error403')}</p>
        <CardTitle>
          <h1 className="text-xl">{title}</h1>
        </CardTitle>
        <CardDescription>{reason}</CardDescription>
      </CardHeader>
      <CardContent>
        <Button asChild variant="outline">
          <Link href="/dashboard">{t('backToDashboard')}</Link>
        </Button>
      </CardContent>
    </Card>
  );
}

export { ForbiddenNotice };
