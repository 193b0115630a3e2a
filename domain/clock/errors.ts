// One error class for the whole clock so workflows can branch on `code` (stable, English)
// while operators read `message` (Chinese). Nothing here is retryable: every ClockError is
// a data problem that needs a human or a calendar upload, never a transient fault.

export type ClockErrorCode =
  | 'INVALID_DATE'
  | 'INVALID_INSTANT'
  | 'INVALID_WORKING_DAYS'
  | 'INVALID_UNIT'
  | 'INVALID_PERCENT'
  | 'INVALID_SUSPENSION'
  | 'INVALID_RANGE'
  | 'INPUT_MISMATCH'
  | 'INVALID_CALENDAR'
  | 'CALENDAR_YEAR_MISSING'
  | 'SCAN_LIMIT_EXCEEDED';

export class ClockError extends Error {
  override readonly name = 'ClockError';

  constructor(
    readonly code: ClockErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isClockError(e: unknown): e is ClockError {
  return e instanceof ClockError;
}
