'use client';

import * as React from 'react';

import type { ApiError, ApiResult } from '@/lib/api-client';

/**
 * Runs the API call of a form or button: `pending` while it runs, `error`
 * from the last failure (cleared when the next call starts).
 */
export function useApiAction() {
  const [pending, setPending] = React.useState(false);
  const [error, setError] = React.useState<ApiError | undefined>(undefined);

  const run = React.useCallback(async <T,>(request: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> => {
    setPending(true);
    setError(undefined);
    try {
      const result = await request();
      if (!result.ok) setError(result.error);
      return result;
    } finally {
      setPending(false);
    }
  }, []);

  const clearError = React.useCallback(() => setError(undefined), []);

  return { pending, error, run, clearError };
}
