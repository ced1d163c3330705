import { CopyButton } from '@/components/copy-button';

interface CopyableValueProps {
  label: string;
  value: string;
  /** `data-testid` of the element holding the value. */
  testId?: string;
}

/** A labelled value to paste elsewhere (URL, key, password), with a copy button. */
function CopyableValue({ label, value, testId }: CopyableValueProps) {
  return (
    <div className="grid gap-1.5">
      <span className="text-sm font-medium">{label}</span>
      <div className="flex items-start gap-2">
        <code
          data-testid={testId}
          className="min-w-0 flex-1 rounded-md border bg-muted px-3 py-1.5 font-mono text-sm break-all"
        >
          {value}
        </code>
        <CopyButton value={value} aria-label={`Copy ${label.toLowerCase()}`} />
      </div>
    </div>
  );
}

export { CopyableValue };
