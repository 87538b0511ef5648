// Context functions replaced to follow Camunda: get value also takes a list of keys (a path),
// and context put with a key path creates missing nested contexts instead of failing.
// Parameter lists carry every name Camunda accepts ("m" or "context", "key" or "keys") so
// named invocations work; positional calls use the first two.
import { builtin, isContext, isString, type Builtins } from './define.js';

function keyPath(keyOrKeys: unknown): string[] | undefined {
  if (isString(keyOrKeys)) return [keyOrKeys];
  if (Array.isArray(keyOrKeys) && keyOrKeys.length > 0 && keyOrKeys.every(isString)) return keyOrKeys;
  return undefined;
}

function getValue(context: unknown, keys: string[]): unknown {
  let current = context;
  for (const key of keys) {
    if (!isContext(current) || !Object.hasOwn(current, key)) return null;
    current = current[key];
  }
  return current ?? null;
}

function put(
  context: Record<string, unknown>,
  [key, ...rest]: string[],
  value: unknown,
): Record<string, unknown> {
  if (key === undefined) return context;
  if (rest.length === 0) return { ...context, [key]: value };
  const nested = context[key];
  return { ...context, [key]: put(isContext(nested) ? nested : {}, rest, value) };
}

export const contextBuiltins: Builtins = {
  'get value': builtin(['context', 'key', 'm', 'keys'], (context, key, m, keys) => {
    const target = context ?? m;
    const path = keyPath(key ?? keys);
    return isContext(target) && path ? getValue(target, path) : null;
  }),

  'context put': builtin(['context', 'key', 'value', 'keys'], (context, key, value, keys) => {
    const path = keyPath(key ?? keys);
    if (!isContext(context) || !path || value === undefined) return null;
    return put(context, path, value);
  }),
};
