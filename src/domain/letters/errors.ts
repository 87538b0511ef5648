/** What went wrong with a letter, for callers that react differently (HTTP status, job outcome). */
export type LetterErrorCode = 'invalid-input' | 'not-found' | 'already-replied' | 'idempotency-conflict';

/**
 * A letter operation that cannot be done. `message` is Chinese, for the UI; `detail` is English,
 * for logs.
 */
export class LetterError extends Error {
  override readonly name = 'LetterError';

  constructor(
    message: string,
    readonly detail: string,
    readonly code: LetterErrorCode,
  ) {
    super(message);
  }
}
