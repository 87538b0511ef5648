/** What went wrong with a notification, for callers that react differently. */
export type NotificationErrorCode =
  'unknown-template' | 'invalid-params' | 'invalid-input' | 'idempotency-conflict' | 'not-found';

/**
 * A notification that cannot be queued or found. `message` is Chinese, for the UI; `detail` is
 * English, for logs.
 */
export class NotificationError extends Error {
  override readonly name = 'NotificationError';

  constructor(
    message: string,
    readonly detail: string,
    readonly code: NotificationErrorCode,
  ) {
    super(message);
  }
}

/** A sender could not deliver; the dispatcher retries it with back-off. */
export class SendError extends Error {
  override readonly name = 'SendError';

  constructor(
    message: string,
    /** The gateway's HTTP status, when it answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
