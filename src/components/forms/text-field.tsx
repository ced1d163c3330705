import * as React from 'react';

import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/utils';

type TextFieldProps = React.ComponentProps<typeof Input> & {
  id: string;
  label: React.ReactNode;
  /** Help shown under the field and linked with aria-describedby. */
  hint?: React.ReactNode;
  /** The field's error, announced (role=alert) and linked with aria-describedby. */
  error?: string;
  wrapperClassName?: string;
};

/** A labelled input with its hint and error wired up for screen readers. */
function TextField({ id, label, hint, error, wrapperClassName, ...props }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('grid gap-2', wrapperClassName)}>
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...props} />
      {hint && (
        <p id={hintId} className="text-sm text-muted-foreground">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}

export { TextField };
