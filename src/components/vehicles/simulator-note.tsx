import { FlaskConicalIcon } from 'lucide-react';

import { useTranslations } from 'next-intl';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';

/** Shown while the app runs against the built-in Enode simulator. */
function SimulatorNote() {
  const t = useTranslations('vehicles');
  return (
    <Alert>
      <FlaskConicalIcon aria-hidden="true" />
      <AlertTitle>{t('simulatedTitle')}</AlertTitle>
      <AlertDescription>
        {t('simulatedBody')}
      </AlertDescription>
    </Alert>
  );
}

export { SimulatorNote };
