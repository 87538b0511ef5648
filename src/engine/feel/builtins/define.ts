// Shared helpers for the built-in functions. Built-ins are FeelFunction values put into the
// evaluation context; feelin resolves names from the context before its own built-ins, so a
// function here also replaces a feelin built-in of the same name. Invalid arguments give null,
// which is how FEEL reports a failed invocation.
import { FeelFunction, evaluate } from 'feelin';

export type Builtins = Record<string, FeelFunction>;

export function builtin(parameterNames: string[], impl: (...args: unknown[]) => unknown): FeelFunction {
  return new FeelFunction(impl, parameterNames);
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A FEEL context: feelin only treats plain objects as contexts. */
export function isContext(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

export function isNil(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

const FUNCTION_NAME = /^[a-z][a-z0-9]*(?: [a-z0-9]+)*$/;
const PROBE_CACHE_LIMIT = 500;
const probed = new Map<string, ((...args: unknown[]) => unknown) | FeelFunction | undefined>();

/**
 * feelin's own built-in of that name, or undefined. feelin does not export its built-ins; a bare
 * name with nothing bound to it in the context evaluates to the built-in.
 */
export function feelinBuiltin(name: string): ((...args: unknown[]) => unknown) | FeelFunction | undefined {
  if (!FUNCTION_NAME.test(name)) return undefined;
  if (!probed.has(name)) {
    if (probed.size >= PROBE_CACHE_LIMIT) probed.clear();
    let found: ((...args: unknown[]) => unknown) | FeelFunction | undefined;
    try {
      const { value } = evaluate(name, { [name]: undefined });
      if (typeof value === 'function' || value instanceof FeelFunction) found = value as typeof found;
    } catch {
      found = undefined;
    }
    probed.set(name, found);
  }
  return probed.get(name);
}
