import { useCallback, useState } from 'react';
import { ApiError } from './api.ts';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** Field messages of a failed save, limited to the fields the form shows. */
export const fieldErrorsFrom = <F extends string>(error: unknown, fields: readonly F[]): FieldErrors<F> => {
  if (!(error instanceof ApiError)) {
    return {};
  }
  const byField = error.fieldErrors;
  const known: FieldErrors<F> = {};
  for (const field of fields) {
    const message = byField[field];
    if (message !== undefined) {
      known[field] = message;
    }
  }
  return known;
};

/** True when the error names no field the form shows, so it needs a message of its own above the buttons. */
export const needsFormLevelMessage = (error: unknown, fields: readonly string[]): boolean =>
  !(error instanceof ApiError) || !fields.some((field) => field in error.fieldErrors);

/** Per-field messages: set from validation or the server, cleared as the user edits that field. */
export function useFieldErrors<F extends string>() {
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const clearError = useCallback((field: F) => {
    setErrors((previous) => {
      if (!(field in previous)) {
        return previous;
      }
      const next = { ...previous };
      delete next[field];
      return next;
    });
  }, []);
  return { errors, setErrors, clearError };
}
