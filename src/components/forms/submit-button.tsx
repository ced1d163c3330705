import * as React from 'react';
import { Loader2Icon } from 'lucide-react';

import { Button } from '@/components/ui/button';

type SubmitButtonProps = React.ComponentProps<typeof Button> & {
  pending: boolean;
  /** Text while the request runs, e.g. "Signing in…". */
  pendingLabel: string;
};

/** A submit button that shows a spinner and is disabled while its form is sending. */
function SubmitButton({ pending, pendingLabel, children, disabled, ...props }: SubmitButtonProps) {
  return (
    <Button type="submit" disabled={pending || disabled} {...props}>
      {pending ? (
        <>
          <Loader2Icon className="animate-spin" aria-hidden="true" />
          {pendingLabel}
        </>
      ) : (
        children
      )}
    </Button>
  );
}

export { SubmitButton };
