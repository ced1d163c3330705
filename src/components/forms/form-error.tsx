import { CircleAlertIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';

import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import type { ApiError } from '@/lib/api-client';

interface FormErrorProps {
  error?: ApiError;
  /** Fields the form shows errors next to; an error only about these needs no summary. */
  fields?: string[];
  title?: string;
}

/** The API's `detail` for a failed submit, announced as an alert. */
function FormError({ error, fields = [], title }: FormErrorProps) {
  const t = useTranslations('common');
  if (!error) return null;
  const fieldKeys = Object.keys(error.fieldErrors);
  if (fieldKeys.length > 0 && fieldKeys.every((key) => fields.includes(key))) return null;
  return (
    <Alert variant="destructive">
      <CircleAlertIcon aria-hidden="true" />
      <AlertTitle>{title ?? t('didNotWork')}</AlertTitle>
      <AlertDescription>{error.detail}</AlertDescription>
    </Alert>
  );
}

export { FormError };
