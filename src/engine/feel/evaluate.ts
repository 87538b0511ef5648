// Evaluation entry points. FEEL is null-friendly: missing variables, failed invocations and
// type mismatches give null plus a warning, and only syntax errors, assert() and internal
// failures throw. The typed helpers turn unexpected results into FeelErrors worded like Zeebe's
// incidents, listing the warnings that explain a null.
import { SyntaxError as FeelinSyntaxError, evaluate, type Warning } from 'feelin';
import { camundaBuiltins } from './builtins/index.js';
import { feelType, toJson, type FeelType } from './convert.js';
import { FeelAssertionFailure, FeelError } from './errors.js';
import { buildScope } from './scope.js';
import { syntaxErrorOf } from './syntax.js';

export interface Evaluation {
  /** The raw feelin value (temporals are feelin objects). */
  value: unknown;
  warnings: Warning[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Evaluates without converting the result. Throws FeelError. */
export function evaluateRaw(source: string, variables: Record<string, unknown>, now: number): Evaluation {
  const failed = (detail: string, cause?: unknown) =>
    new FeelError(source, `failed to evaluate expression '${source}': ${detail}`, { cause });
  if (source.trim() === '') throw failed('the expression is empty');
  const scope = buildScope(source, variables, camundaBuiltins(now));
  try {
    return evaluate(scope.source, scope.context);
  } catch (error) {
    if (error instanceof FeelAssertionFailure) {
      const message = `Assertion failure on evaluate the expression '${source}': ${error.message}`;
      throw new FeelError(source, message, { cause: error });
    }
    if (error instanceof FeelinSyntaxError)
      throw failed(syntaxErrorOf(source, variables) ?? error.message, error);
    throw failed(messageOf(error), error);
  }
}

/** feelin's warning text, with Zeebe's wording where it has its own. */
function warningText(warning: Warning): string {
  const missing = /^Variable '(.*)' not found$/.exec(warning.message);
  if (warning.type === 'NO_VARIABLE_FOUND' && missing) return `No variable found with name '${missing[1]}'`;
  return warning.message;
}

export function withWarnings(message: string, warnings: Warning[]): string {
  if (warnings.length === 0) return message;
  const lines = [...new Set(warnings.map((warning) => `[${warning.type}] ${warningText(warning)}`))];
  return `${message} The evaluation reported the following warnings:\n${lines.join('\n')}`;
}

function typeError(source: string, expected: FeelType[], actual: FeelType, warnings: Warning[]): FeelError {
  const wanted = expected.length === 1 ? `'${expected[0]}'` : `one of '[${expected.join(', ')}]'`;
  const message = `Expected result of the expression '${source}' to be ${wanted}, but was '${actual}'.`;
  return new FeelError(source, withWarnings(message, warnings));
}

/** Evaluates `source` and checks the result's type; returns the raw value. */
export function evaluateTyped(
  source: string,
  variables: Record<string, unknown>,
  now: number,
  expected: FeelType[],
) {
  const { value, warnings } = evaluateRaw(source, variables, now);
  const type = feelType(value);
  if (!expected.includes(type)) throw typeError(source, expected, type, warnings);
  return { value, type, warnings };
}

/**
 * Evaluates a FEEL expression (without the leading "=") against variables. `now` is the engine
 * clock in epoch ms, used by now() and today(). Returns a JSON value (see convert.ts); missing
 * variables evaluate to null. Throws FeelError on syntax errors and failed evaluations.
 */
export function evaluateFeel(source: string, variables: Record<string, unknown>, now: number): unknown {
  return toJson(evaluateRaw(source, variables, now).value);
}

/** For sequence-flow conditions: the result must be a boolean (null is an error, as in Zeebe). */
export function evaluateCondition(source: string, variables: Record<string, unknown>, now: number): boolean {
  return evaluateTyped(source, variables, now, ['BOOLEAN']).value as boolean;
}

/** The result must be a string; numbers are not converted. */
export function evaluateString(source: string, variables: Record<string, unknown>, now: number): string {
  return evaluateTyped(source, variables, now, ['STRING']).value as string;
}

/** The result must be a number. */
export function evaluateNumber(source: string, variables: Record<string, unknown>, now: number): number {
  return evaluateTyped(source, variables, now, ['NUMBER']).value as number;
}

/** A list of strings, or one string of comma-separated entries ("a, b"). */
export function evaluateStringList(
  source: string,
  variables: Record<string, unknown>,
  now: number,
): string[] {
  const { value, warnings } = evaluateTyped(source, variables, now, ['ARRAY', 'STRING']);
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
  }
  const list = value as unknown[];
  if (list.every((item): item is string => typeof item === 'string')) return list;
  const message =
    `Expected result of the expression '${source}' to be 'ARRAY' containing 'STRING' items,` +
    ` but was 'ARRAY' containing at least one non-'STRING' item.`;
  throw new FeelError(source, withWarnings(message, warnings));
}
