import { EngineError } from '../errors.js';

/** A Camunda Form (form-js JSON): its `id` is the formId user tasks refer to. */
export function parseForm(
  content: string,
  resourceName: string,
): { formId: string; schema: Record<string, unknown> } {
  const invalid = (problem: string, cause?: unknown) => {
    const message = `Invalid form resource '${resourceName}': ${problem}`;
    return new EngineError('INVALID_ARGUMENT', message, [{ resourceName, message: problem }], { cause });
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (thrown: unknown) {
    throw invalid(`not valid JSON: ${thrown instanceof Error ? thrown.message : String(thrown)}`, thrown);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('a form must be a JSON object');
  }
  const schema = parsed as Record<string, unknown>;
  const id = schema['id'];
  if (typeof id !== 'string' || id.trim() === '')
    throw invalid('a form needs a non-empty string "id" (its formId)');
  if (!Array.isArray(schema['components'])) throw invalid('a form needs a "components" array');
  return { formId: id, schema };
}
