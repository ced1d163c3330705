'use client';

import { useTranslations } from 'next-intl';
import * as React from 'react';
import { PencilIcon } from 'lucide-react';

import { SubmitButton } from '@/components/forms/submit-button';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';

interface Props {
  /** The pencil button's accessible name, e.g. "Edit site Garage". */
  triggerLabel: string;
  title: string;
  description: string;
  /** The form's accessible name. */
  formLabel: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Closing drops the last error, so reopening starts clean. */
  clearError: () => void;
  onSubmit: (event: React.FormEvent<HTMLFormElement>) => void;
  pending: boolean;
  /** Leave the checks to the server, whose messages are shown on the fields. */
  noValidate?: boolean;
  contentClassName?: string;
  /** The form's error summary and fields. */
  children: React.ReactNode;
}

/** A pencil button opening a dialog with an edit form and its Save button. */
function EditDialog({ triggerLabel, title, description, formLabel, open, onOpenChange, clearError, onSubmit, pending, noValidate, contentClassName, children }: Props) {
  const tc = useTranslations('common');
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) clearError();
        onOpenChange(next);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={triggerLabel} title={tc('edit')}>
          <PencilIcon aria-hidden="true" />
        </Button>
      </DialogTrigger>
      <DialogContent className={contentClassName}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} noValidate={noValidate} className="flex flex-col gap-3" aria-label={formLabel}>
          {children}
          <DialogFooter>
            <SubmitButton pending={pending} pendingLabel={tc('saving')}>
              {tc('save')}
            </SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export { EditDialog };
