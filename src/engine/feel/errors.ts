// Errors raised by FEEL evaluation. The runtime turns FeelError into incidents, so its message is
// what operators read.

export class FeelError extends Error {
  override readonly name = 'FeelError';
  constructor(
    readonly expression: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Thrown by the assert() built-in to abort the whole evaluation, as Camunda's assert does. */
export class FeelAssertionFailure extends Error {
  override readonly name = 'FeelAssertionFailure';
}
