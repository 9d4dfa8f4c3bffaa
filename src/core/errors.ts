/** Stable codes for every failure a person can be told about; adapters map them to short messages. */
export type NewsbriefErrorCode =
  | 'EMPTY_ARTICLE'
  | 'NOT_TEXT'
  | 'NOT_FOUND'
  | 'UNSUPPORTED'
  | 'INVALID_INPUT'
  | 'FETCH_FAILED'
  | 'BLOCKED'
  | 'CONFIG'
  /** A post that may have arrived although its answer was lost: never retried, to avoid a duplicate. */
  | 'POST_UNCERTAIN'
  /** The app is no longer installed where a post goes (uninstalled, or its token revoked): not retried. */
  | 'NOT_INSTALLED'
  /** Too much digest work queued: a command is told to try again rather than wait past the platform's deadline. */
  | 'BUSY'
  /** Anything not foreseen (a bug, a library's own error): the person is told to look in the log. */
  | 'INTERNAL';

/** The one error class of newsbrief: `code` is for programs, `message` is for people. */
export class NewsbriefError extends Error {
  readonly code: NewsbriefErrorCode;

  constructor(code: NewsbriefErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NewsbriefError';
    this.code = code;
  }
}

/** True when `value` is a {@link NewsbriefError}, optionally with the given code. */
export function isNewsbriefError(value: unknown, code?: NewsbriefErrorCode): value is NewsbriefError {
  return value instanceof NewsbriefError && (code === undefined || value.code === code);
}

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
