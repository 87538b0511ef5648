// Errors of the domain repositories: a closed set of codes the API maps to HTTP statuses.
// `message` is Chinese, for the UI; `detail` is English, for logs.

export type DomainErrorCode =
  /** The record asked for does not exist. */
  | 'not-found'
  /** The input breaks a rule (unknown code, malformed ID number, bad role …). */
  | 'invalid-input'
  /** The change contradicts the record's state (already closed, username taken …). */
  | 'conflict'
  /** Protected data cannot be read or written with the data key at hand. */
  | 'data-key';

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toJSON(): { code: DomainErrorCode; message: string; detail: string } {
    return { code: this.code, message: this.message, detail: this.detail };
  }
}

export function notFound(message: string, detail: string): DomainError {
  return new DomainError('not-found', message, detail);
}

export function invalidInput(message: string, detail: string): DomainError {
  return new DomainError('invalid-input', message, detail);
}

export function conflict(message: string, detail: string): DomainError {
  return new DomainError('conflict', message, detail);
}
