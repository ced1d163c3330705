/** What one attempt on a channel came to: `retry` is tried again later (with back-off), `failed` never. */
export type SendOutcome = { kind: 'sent' } | { kind: 'retry' | 'failed' | 'skipped' | 'no_credits'; error: string };

export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);
