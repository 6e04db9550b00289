/**
 * Expected failures are values, not exceptions: a function that can fail for a
 * reason the caller should handle returns `Result`. Unexpected failures (bugs,
 * broken invariants) throw `SilklineError`, which the shell maps to problem+json.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/** The one error type for the unexpected; `code` is stable, `message` is for people. */
export class SilklineError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SilklineError';
    this.code = code;
    this.details = details;
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new SilklineError('unreachable', `unexpected ${what}: ${JSON.stringify(value)}`);
}
