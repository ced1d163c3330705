'use client';

import { useTranslations } from 'next-intl';
import * as React from 'react';
import { CheckIcon, CopyIcon } from 'lucide-react';

import { Button } from '@/components/ui/button';

type CopyStatus = 'idle' | 'copied' | 'failed';

const RESET_AFTER_MS = 2000;

/** Copy via a temporary <textarea> + execCommand, for origins without the Clipboard API (plain http). */
function legacyCopy(text: string, container: HTMLElement): boolean {
  const textarea = document.createElement('textarea');
  textarea.value = text;
  textarea.setAttribute('readonly', '');
  textarea.setAttribute('aria-hidden', 'true');
  textarea.tabIndex = -1;
  Object.assign(textarea.style, {
    position: 'fixed',
    top: '0',
    left: '0',
    width: '1px',
    height: '1px',
    padding: '0',
    border: '0',
    opacity: '0',
    pointerEvents: 'none',
  });
  const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  // Insert next to the button, not at the end of <body>, so a dialog's focus trap does not steal focus.
  container.appendChild(textarea);
  textarea.focus({ preventScroll: true });
  textarea.select();
  textarea.setSelectionRange(0, text.length);
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  textarea.remove();
  previouslyFocused?.focus({ preventScroll: true });
  return ok;
}

async function copyText(text: string, container: HTMLElement): Promise<boolean> {
  if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission denied or document not focused: try the legacy path.
    }
  }
  return legacyCopy(text, container);
}

type CopyButtonProps = Omit<React.ComponentProps<typeof Button>, 'value' | 'children' | 'onClick'> & {
  /** The text put on the clipboard. */
  value: string;
  /** Visible button text (default "Copy"); shows "Copied" for 2 s after a copy. */
  label?: string;
};

function CopyButton({ value, label, variant = 'outline', size = 'sm', ...props }: CopyButtonProps) {
  const t = useTranslations('copy');
  const [status, setStatus] = React.useState<CopyStatus>('idle');
  const timer = React.useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  React.useEffect(() => () => clearTimeout(timer.current), []);

  async function onCopy(event: React.MouseEvent<HTMLButtonElement>) {
    const button = event.currentTarget;
    const ok = await copyText(value, button.parentElement ?? document.body);
    setStatus(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus('idle'), RESET_AFTER_MS);
  }

  const copied = status === 'copied';

  return (
    <>
      <Button
        type="button"
        variant={variant}
        size={size}
        data-testid="copy-button"
        data-state={status}
        onClick={onCopy}
        {...props}
      >
        {copied ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
        <span>{copied ? t('copied') : (label ?? t('copy'))}</span>
      </Button>
      <span role="status" aria-live="polite" className="sr-only">
        {copied ? t('copiedStatus') : status === 'failed' ? t('failed') : ''}
      </span>
    </>
  );
}

export { CopyButton };
export type { CopyButtonProps };
