// The engine's closed set of rejection kinds. Each maps to one gRPC status and one HTTP status,
// so adapters never inspect messages.

export type EngineErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'DEADLINE_EXCEEDED'
  | 'UNAVAILABLE';

export interface EngineErrorDetail {
  /** The BPMN element or resource the problem is about, when there is one. */
  elementId?: string;
  resourceName?: string;
  message: string;
}

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly details: EngineErrorDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const invalidArgument = (message: string, details: EngineErrorDetail[] = []) =>
  new EngineError('INVALID_ARGUMENT', message, details);
export const notFound = (message: string) => new EngineError('NOT_FOUND', message);
export const failedPrecondition = (message: string) => new EngineError('FAILED_PRECONDITION', message);
export const alreadyExists = (message: string) => new EngineError('ALREADY_EXISTS', message);

/** Coerces anything thrown into an Error, keeping the original as `cause`. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : JSON.stringify(thrown), { cause: thrown });
}
