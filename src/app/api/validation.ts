// Request bodies are parsed with zod; its issues become field errors in Chinese, one per field,
// worded for the clerk who filled the form in.
import type { z } from 'zod';
import { invalidInputProblem, ProblemError, type FieldError } from '../problem.js';

/** Chinese names of the fields, by path (`petitioner.idNumber`). */
export type FieldLabels = Readonly<Record<string, string>>;

export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : String(part)))
    .join('.')
    .replace(/\.\[/g, '[');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function describeIssue(issue: z.core.$ZodIssue, label: string, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const given = valueAt(input, issue.path);
      return given === undefined || given === null ? `请填写${label}` : `${label}的格式不正确`;
    }
    case 'invalid_value':
      return `${label}的取值无效，应为：${issue.values.map(String).join('、')}`;
    case 'too_small':
      return issue.origin === 'string' && issue.minimum === 1
        ? `请填写${label}`
        : `${label}太短（至少 ${String(issue.minimum)} 个字）`;
    case 'too_big':
      return `${label}太长（不超过 ${String(issue.maximum)} 个字）`;
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    case 'invalid_format':
      return `${label}的格式不正确`;
    default:
      return issue.message !== '' && /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : `${label}无效`;
  }
}

/** Field errors of a failed parse of `input`: the first issue of each field, in the order of the issues. */
export function fieldErrors(error: z.ZodError, labels: FieldLabels, input: unknown): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const field = fieldPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const name = field === '' ? key : `${field}.${key}`;
        if (seen.has(name)) continue;
        seen.add(name);
        errors.push({ field: name, message: `不认识的字段：${key}` });
      }
      continue;
    }
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({
      field: field === '' ? '(body)' : field,
      message: describeIssue(issue, labels[field] ?? field, input),
    });
  }
  return errors;
}

/** Parses `input` or throws a 400 problem naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  labels: FieldLabels,
): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new ProblemError(invalidInputProblem(fieldErrors(parsed.error, labels, input)));
}
