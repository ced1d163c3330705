import { CopyButton } from '@/components/copy-button';
import { cn } from '@/lib/utils';

interface CopyableValueProps {
  label: string;
  value: string;
  /** `data-testid` of the element holding the value. */
  testId?: string;
}

const multiline = (value: string) => value.includes('\n');

/** A labelled value to paste elsewhere (URL, key, password), with a copy button. */
function CopyableValue({ label, value, testId }: CopyableValueProps) {
  const Tag = multiline(value) ? 'pre' : 'code';
  return (
    <div className="grid gap-1.5">
      <span className="text-sm font-medium">{label}</span>
      <div className="flex items-start gap-2">
        <Tag
          data-testid={testId}
          className={cn(
            'min-w-0 flex-1 rounded-md border bg-muted px-3 py-1.5 font-mono text-sm',
            multiline(value) ? 'max-h-96 overflow-auto whitespace-pre' : 'break-all',
          )}
        >
          {value}
        </Tag>
        <CopyButton value={value} aria-label={`Copy ${label.toLowerCase()}`} />
      </div>
    </div>
  );
}

export { CopyableValue };
