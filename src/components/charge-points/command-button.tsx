'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';

import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';

import type { Confirmation } from './command-rules';

interface Props {
  label: string;
  /** Another command is on its way. */
  busy: boolean;
  pending: boolean;
  /** Why it cannot be sent now (shown on hover and to screen readers); null when it can. */
  disabledReason: string | null;
  /** Asked first when given; the command goes out only on confirmation. */
  confirm?: Confirmation;
  onSend: () => void;
}

/**
 * One remote command's button. A disabled one says why (a disabled button
 * gets no hover, so its wrapper carries the title); a disruptive one asks first.
 */
function CommandButton({ label, busy, pending, disabledReason, confirm, onSend }: Props) {
  const tc = useTranslations('common');
  const [open, setOpen] = React.useState(false);
  const reasonId = React.useId();
  const disabled = busy || disabledReason !== null;
  return (
    <span title={disabledReason ?? undefined} className="inline-flex">
      <Button
        variant="outline"
        size="sm"
        // Disruptive ones look it; the confirmation's own button is the solid red one.
        className={confirm ? 'border-destructive/50 text-destructive hover:bg-destructive/10 hover:text-destructive' : undefined}
        disabled={disabled}
        aria-describedby={disabledReason ? reasonId : undefined}
        onClick={() => (confirm ? setOpen(true) : onSend())}
      >
        {pending ? `${label}…` : label}
      </Button>
      {disabledReason && (
        <span id={reasonId} className="sr-only">
          {disabledReason}
        </span>
      )}
      {confirm && (
        <AlertDialog open={open} onOpenChange={setOpen}>
          <AlertDialogContent>
            <AlertDialogHeader>
              <AlertDialogTitle>{confirm.title}</AlertDialogTitle>
              <AlertDialogDescription>{confirm.description}</AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel>{tc('cancel')}</AlertDialogCancel>
              <Button
                variant="destructive"
                onClick={() => {
                  setOpen(false);
                  onSend();
                }}
              >
                {confirm.confirmLabel}
              </Button>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      )}
    </span>
  );
}

export { CommandButton };
