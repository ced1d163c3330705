import Link from 'next/link';
import { useTranslations } from 'next-intl';

import { Button } from '@/components/ui/button';

/** The body of both 404 pages (public and signed-in), which differ only in their frame and way back. */
function NotFoundNotice({ back }: { back: { href: string; label: string } }) {
  const t = useTranslations('errorPages');
  return (
    <div className="flex max-w-xl flex-col items-start gap-4">
      <p className="text-sm font-medium text-muted-foreground">{t('error404')}</p>
      <h1 className="text-3xl font-semibold tracking-tight">{t('notFoundTitle')}</h1>
      <p className="text-muted-foreground">{t('notFoundBody')}</p>
      <Button asChild>
        <Link href={back.href}>{back.label}</Link>
      </Button>
    </div>
  );
}

export { NotFoundNotice };
