// The three ways a job ends (STYLE.md): a business error the model catches with an error
// boundary, a retryable failure (retries - 1, with back-off), or a non-retryable failure
// (retries 0: an incident an operator resolves).
export class BusinessError extends Error {
  override readonly name = 'BusinessError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Input that can never succeed, whatever the retries: raise an incident at once. */
export class PermanentFailure extends Error {
  override readonly name = 'PermanentFailure';
}

/** Back-off before the next try: 2 s, 4 s, 8 s … capped at 5 minutes. */
export function retryBackOff(retriesLeft: number, initialRetries = 3): number {
  const attempt = Math.max(0, initialRetries - retriesLeft);
  return Math.min(2_000 * 2 ** attempt, 300_000);
}
