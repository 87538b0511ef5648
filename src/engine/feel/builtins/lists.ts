// Camunda's list extensions feelin lacks (is empty, partition, duplicate values) and string join,
// replaced because Camunda also accepts a prefix and a suffix.
import { FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';
import { builtin, isContext, isNil, isNumber, isString, type Builtins } from './define.js';

/** A key that is equal for equal FEEL values, used to find repeated list items. */
function valueKey(value: unknown): string {
  if (isNil(value)) return 'null';
  if (Array.isArray(value)) return `[${value.map(valueKey).join(',')}]`;
  if (isContext(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${valueKey(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  if (value instanceof FeelDate) return `date:${value.iso}`;
  if (value instanceof FeelDateTime) return `date time:${value.iso}`;
  if (value instanceof FeelTime) return `time:${value.iso}`;
  if (value instanceof FeelDuration) return `duration:${value.iso}`;
  return `${typeof value}:${JSON.stringify(value) ?? ''}`;
}

function duplicateValues(list: unknown[]): unknown[] {
  const counts = new Map<string, { value: unknown; count: number }>();
  for (const item of list) {
    const key = valueKey(item);
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { value: item, count: 1 });
  }
  return [...counts.values()].filter((entry) => entry.count > 1).map((entry) => entry.value);
}

/** Optional text arguments: absent or null means "", anything else but a string is invalid. */
function text(value: unknown): string | undefined {
  if (isNil(value)) return '';
  return isString(value) ? value : undefined;
}

function stringJoin(list: unknown, ...parts: unknown[]): string | null {
  if (!Array.isArray(list) || !list.every((item) => isNil(item) || isString(item))) return null;
  const [delimiter, prefix, suffix] = [parts[0], parts[1], parts[2]].map(text);
  if (delimiter === undefined || prefix === undefined || suffix === undefined) return null;
  return prefix + list.filter(isString).join(delimiter) + suffix;
}

export const listBuiltins: Builtins = {
  'is empty': builtin(['list'], (list) => (Array.isArray(list) ? list.length === 0 : null)),

  partition: builtin(['list', 'size'], (list, size) => {
    if (!Array.isArray(list) || !isNumber(size) || Math.trunc(size) <= 0) return null;
    const step = Math.trunc(size);
    const parts: unknown[][] = [];
    for (let start = 0; start < list.length; start += step) parts.push(list.slice(start, start + step));
    return parts;
  }),

  'duplicate values': builtin(['list'], (list) => (Array.isArray(list) ? duplicateValues(list) : null)),

  'string join': builtin(['list', 'delimiter', 'prefix', 'suffix'], stringJoin),
};
