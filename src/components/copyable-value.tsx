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
 * inside its box; a command wraps between its words only; a token (URL, key,
 * password) has no spaces, so it may break anywhere rather than overflow.
 */
function layoutOf(value: string): { tag: 'pre' | 'code'; className: string } {
  if (value.includes('\n')) return { tag: 'pre', className: 'max-h-96 overflow-auto whitespace-pre' };
  if (/\s/.test(value)) return { tag: 'code', className: 'overflow-x-auto whitespace-pre-wrap break-normal' };
  return { tag: 'code', className: 'break-all' };
}

/** A labelled value to paste elsewhere (URL, key, password, command, configuration), with a copy button. */
function CopyableValue({ label, value, testId }: CopyableValueProps) {
  const { tag: Tag, className } = layoutOf(value);
  return (
    // min-w-0 on each level: a long line must not widen the card (and the page) to its own length.
    <div className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-1.5">
      <span className="text-sm font-medium">{label}</span>
      <div className="flex min-w-0 items-start gap-2">
        <Tag data-testid={testId} className={cn('block min-w-0 flex-1 rounded-md border bg-muted px-3 py-1.5 font-mono text-sm', className)}>
          {value}
        </Tag>
        <CopyButton value={value} aria-label={`Copy ${label.toLowerCase()}`} className="shrink-0" />
      </div>
    </div>
  );
}

export { CopyableValue };
