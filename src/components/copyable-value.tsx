import { useLocale, useTranslations } from 'next-intl';
import { CopyButton } from '@/components/copy-button';
import { cn } from '@/lib/utils';

interface CopyableValueProps {
  label: string;
  value: string;
  /** `data-testid` of the element holding the value. */
  testId?: string;
}

/**
 * How a value wraps: configuration (several lines) keeps its lines and scrolls
 * inside its box, with the Copy button beside its label so the box gets the
 * full width; a command wraps between its words only; a token (URL, key,
 * password) has no spaces, so it may break anywhere rather than overflow.
 */
function layoutOf(value: string): { tag: 'pre' | 'code'; className: string; buttonBesideLabel: boolean } {
  if (value.includes('\n')) return { tag: 'pre', className: 'max-h-96 overflow-auto whitespace-pre', buttonBesideLabel: true };
  if (/\s/.test(value)) return { tag: 'code', className: 'overflow-x-auto whitespace-pre-wrap break-normal', buttonBesideLabel: false };
  return { tag: 'code', className: 'break-all', buttonBesideLabel: false };
}

/** A labelled value to paste elsewhere (URL, key, password, command, configuration), with a copy button. */
function CopyableValue({ label, value, testId }: CopyableValueProps) {
  const { tag: Tag, className, buttonBesideLabel } = layoutOf(value);
  const t = useTranslations('copy');
  // German nouns keep their capital letter.
  const named = useLocale() === 'de' ? label : label.toLowerCase();
  const button = <CopyButton value={value} aria-label={t('copyNamed', { label: named })} className="shrink-0" />;
  return (
    // min-w-0 on each level: a long line must not widen the card (and the page) to its own length.
    <div className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-1.5">
      <div className="flex min-w-0 items-end justify-between gap-2">
        <span className="min-w-0 text-sm font-medium wrap-anywhere">{label}</span>
        {buttonBesideLabel && button}
      </div>
      <div className="flex min-w-0 items-start gap-2">
        <Tag data-testid={testId} className={cn('block min-w-0 flex-1 rounded-md border bg-muted px-3 py-1.5 font-mono text-sm', className)}>
          {value}
        </Tag>
        {!buttonBesideLabel && button}
      </div>
    </div>
  );
}

export { CopyableValue };
