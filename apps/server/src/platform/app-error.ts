/**
 * Domain errors carry a code (`<module>.<reason>`), a message a person can act on, and a kind.
 * The kind says what went wrong in domain terms; transport/http/error-handler.ts alone turns it
 * into an HTTP status, so domain code never knows about HTTP.
 */
export type AppErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

export class AppError extends Error {
  readonly kind: AppErrorKind;
  readonly code: string;
  readonly details: unknown;

  constructor(kind: AppErrorKind, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

export function appError(kind: AppErrorKind, code: string, message: string, details?: unknown): AppError {
  return new AppError(kind, code, message, details);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
