// The one error every timer function throws for a bad timer value. The runtime turns it into an
// incident (or a deployment rejection), so the message names the kind and the exact value.

export type TimerKind = 'duration' | 'date' | 'cycle';

export class TimerExpressionError extends Error {
  override readonly name = 'TimerExpressionError';

  /**
   * @param kind which timer definition the value was given for
   * @param value the value as it was given (before trimming)
   * @param reason what is wrong with it, without the value itself
   */
  constructor(
    readonly kind: TimerKind,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`Invalid timer ${kind} '${value}': ${reason}`);
  }
}

/** A reason used inside the parsers; the public functions turn it into a TimerExpressionError. */
export class TimerSyntaxProblem extends Error {
  override readonly name = 'TimerSyntaxProblem';
}
