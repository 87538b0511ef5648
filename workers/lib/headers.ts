// Task headers (zeebe:taskHeaders) as a worker declares them: a zod object whose every field is a
// string enum, optionally .optional() or .default(...), and refinements across headers where one
// value limits another. The same declaration validates jobs at run time, checks the models
// (lint/rules/task-headers.ts) and fills the dropdowns of the element templates, so the three
// cannot disagree.
import { z } from 'zod';

export interface HeaderDeclaration {
  key: string;
  /** The accepted values, in the order the worker lists them. */
  values: readonly string[];
  /** Must be set on the task: neither optional nor defaulted. */
  required: boolean;
  /** What the worker assumes when the task does not set the header. */
  defaultValue?: string;
}

/** One header of a task in a model, as written there. */
export interface TaskHeader {
  key: string;
  value: string;
}

/** What is wrong with a task's headers; `message` in Chinese, then English. */
export interface HeaderIssue {
  key: string;
  message: string;
}

/** Strips .optional() and .default(...), noting what they said. */
function unwrap(field: unknown): { inner: unknown; optional: boolean; defaultValue: unknown } {
  let inner = field;
  let optional = false;
  let defaultValue: unknown = undefined;
  for (;;) {
    if (inner instanceof z.ZodOptional) {
      optional = true;
      inner = inner.unwrap();
    } else if (inner instanceof z.ZodDefault) {
      defaultValue = inner.def.defaultValue;
      inner = inner.unwrap();
    } else {
      return { inner, optional, defaultValue };
    }
  }
}

/**
 * The headers a schema declares. Throws when a header is not a string enum: a model can only
 * be checked, and a template only offer a dropdown, for a closed list of values.
 */
export function declareHeaders(jobType: string, schema: z.ZodObject): HeaderDeclaration[] {
  return Object.entries(schema.shape).map(([key, field]) => {
    const { inner, optional, defaultValue } = unwrap(field);
    if (!(inner instanceof z.ZodEnum) || !inner.options.every((value) => typeof value === 'string')) {
      throw new Error(`${jobType}: task header "${key}" must be a zod enum of strings`);
    }
    const values = inner.options;
    const fallback = typeof defaultValue === 'string' ? { defaultValue } : {};
    return { key, values, required: !optional && defaultValue === undefined, ...fallback };
  });
}

const list = (values: readonly string[]) => values.join(' / ');

/**
 * Everything wrong with a task's headers for a worker: a header set twice, one the worker does
 * not read, a required one missing, a value outside its enum; and, when each value is fine on its
 * own, the schema's rules across headers.
 */
export function headerIssues(
  schema: z.ZodObject,
  declared: readonly HeaderDeclaration[],
  headers: readonly TaskHeader[],
): HeaderIssue[] {
  const issues: HeaderIssue[] = [];
  const byKey = new Map(declared.map((declaration) => [declaration.key, declaration]));
  const seen = new Set<string>();
  for (const { key, value } of headers) {
    const declaration = byKey.get(key);
    if (seen.has(key)) {
      issues.push({ key, message: `任务头 "${key}" 重复设置（header "${key}" is set more than once）` });
    } else if (declaration === undefined) {
      const known = declared.length === 0 ? '该作业不读取任务头' : `可用：${list([...byKey.keys()])}`;
      const knownEn = declared.length === 0 ? 'the worker reads none' : `known: ${list([...byKey.keys()])}`;
      issues.push({
        key,
        message: `未知任务头 "${key}"，${known}（unknown header "${key}"; ${knownEn}）`,
      });
    } else if (!declaration.values.includes(value)) {
      issues.push({
        key,
        message:
          `任务头 "${key}" 的值 "${value}" 无效，应为 ${list(declaration.values)}` +
          `（header "${key}": "${value}" is not one of ${list(declaration.values)}）`,
      });
    }
    seen.add(key);
  }
  for (const declaration of declared) {
    if (declaration.required && !seen.has(declaration.key)) {
      issues.push({
        key: declaration.key,
        message:
          `缺少任务头 "${declaration.key}"，应为 ${list(declaration.values)} 之一` +
          `（missing header "${declaration.key}": one of ${list(declaration.values)}）`,
      });
    }
  }
  if (issues.length > 0) return issues;
  const parsed = schema.safeParse(Object.fromEntries(headers.map(({ key, value }) => [key, value])));
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ key: issue.path.join('.'), message: issue.message }));
}
