import { useTranslations } from 'next-intl';

import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';

interface SiteLegalView {
  time_zone: string;
  legal_name: string | null;
  legal_address: string | null;
  vat_id: string | null;
  vat_rate_percent: number;
}

/** The site's time zone and the legal details its invoices carry (edited on the Sites page). */
export function SiteDetails({ site }: { site: SiteLegalView }) {
  const t = useTranslations('invoices');
  const missing = t('notSet');
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>{t('details')}</h2>
        </CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted-foreground">{t('timeZone')}</dt>
          <dd>{site.time_zone}</dd>
          <dt className="text-muted-foreground">{t('legalName')}</dt>
          <dd className="break-words">{site.legal_name ?? missing}</dd>
          <dt className="text-muted-foreground">{t('address')}</dt>
          <dd className="break-words whitespace-pre-line">{site.legal_address ?? missing}</dd>
          <dt className="text-muted-foreground">{t('vatId')}</dt>
          <dd>{site.vat_id ?? missing}</dd>
          <dt className="text-muted-foreground">{t('vatRate')}</dt>
          <dd>{t('percent', { value: site.vat_rate_percent })}</dd>
        </dl>
      </CardContent>
    </Card>
  );
}
