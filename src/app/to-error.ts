import { NewsbriefError } from '../core/index.ts';

/**
 * Normalises whatever was thrown into the one coded error type, once, where it is caught: a
 * {@link NewsbriefError} as it is; anything else (a bug, a library's error, a thrown string) as
 * code `INTERNAL` with the original as its `cause`. So no code in the middle guesses at shapes.
 */
export function toError(value: unknown): NewsbriefError {
  if (value instanceof NewsbriefError) return value;
  const message = value instanceof Error ? value.message : typeof value === 'string' ? value : String(value);
  return new NewsbriefError('INTERNAL', message, { cause: value });
}

/** For the log: `{ cause }`, the message of what the thrown value says caused it, or nothing. */
export function causeOf(value: unknown): { cause?: string } {
  return value instanceof Error && value.cause instanceof Error ? { cause: value.cause.message } : {};
}
