import { useTranslations } from 'next-intl';

import { BillingButton } from '@/components/billing/billing-button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { useFormats } from '@/i18n/formats';
import { SMS_PACKS } from '@/server/billing/catalog';

/** SMS credits left and the packs that buy more (one credit per notification SMS). */
function SmsCreditsCard({ credits }: { credits: number }) {
  const t = useTranslations('smsCredits');
  const f = useFormats();
  return (
    <Card id="sms-credits">
      <CardHeader>
        <CardTitle>
          <h2>{t('title')}</h2>
        </CardTitle>
        <CardDescription>
          {t.rich('left', { count: credits, n: (chunks) => <span data-testid="sms-credits">{chunks}</span> })}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap gap-3">
        {SMS_PACKS.map((credits) => (
          <BillingButton key={credits} path="/api/billing/checkout" body={{ sms_pack: credits }} label={t('buy', { count: f.number(credits, 0) })} variant="outline" />
        ))}
      </CardContent>
    </Card>
  );
}

export { SmsCreditsCard };
