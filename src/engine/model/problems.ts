import { EngineError, type EngineErrorDetail } from '../errors.js';

/** One thing wrong with a resource, found while reading or validating it. */
export interface Problem {
  /** The BPMN element the problem is about; absent for document-level problems. */
  elementId?: string;
  message: string;
}

/** One INVALID_ARGUMENT error listing every problem of a resource. */
export function invalidResource(
  resourceName: string,
  problems: readonly Problem[],
  cause?: unknown,
): EngineError {
  const details: EngineErrorDetail[] = problems.map((p) =>
    p.elementId === undefined
      ? { resourceName, message: p.message }
      : { resourceName, elementId: p.elementId, message: p.message },
  );
  const listed = problems.map((p) =>
    p.elementId === undefined ? p.message : `element '${p.elementId}': ${p.message}`,
  );
  const message = `Invalid BPMN resource '${resourceName}': ${listed.join('; ')}`;
  return new EngineError('INVALID_ARGUMENT', message, details, cause === undefined ? undefined : { cause });
}
