// Camunda's string extensions: trim, uuid, to base64, is blank, extract. Whitespace follows the
// JVM definitions so results match a Camunda cluster (trim strips only U+0000..U+0020).
import { randomUUID } from 'node:crypto';
import { builtin, isString, type Builtins } from './define.js';

/** String.trim() of Java: strips code points up to U+0020 at both ends. */
function javaTrim(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end -= 1;
  return value.slice(start, end);
}

const SEPARATOR = /[\p{Zs}\p{Zl}\p{Zp}]/u;
const NO_BREAK_SPACES = new Set(['\u00A0', '\u2007', '\u202F']);

/** Character.isWhitespace of Java: separators except no-break spaces, \t..\r and U+001C..U+001F. */
function isJavaWhitespace(char: string): boolean {
  const code = char.charCodeAt(0);
  if ((code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f)) return true;
  return SEPARATOR.test(char) && !NO_BREAK_SPACES.has(char);
}

/** Compiles a user pattern; Camunda reports an invalid one as a failed invocation (null). */
function compile(pattern: string, flags: string): RegExp | undefined {
  for (const candidate of [`${flags}u`, flags]) {
    try {
      return new RegExp(pattern, candidate);
    } catch {
      // try the next flag set; some Java-style escapes are only accepted without "u"
    }
  }
  return undefined;
}

export const stringBuiltins: Builtins = {
  trim: builtin(['string'], (value) => (isString(value) ? javaTrim(value) : null)),

  uuid: builtin([], () => randomUUID()),

  'to base64': builtin(['value'], (value) =>
    isString(value) ? Buffer.from(value, 'utf8').toString('base64') : null,
  ),

  'is blank': builtin(['string'], (value) => (isString(value) ? [...value].every(isJavaWhitespace) : null)),

  extract: builtin(['input', 'pattern'], (input, pattern) => {
    if (!isString(input) || !isString(pattern)) return null;
    const regexp = compile(pattern, 'g');
    return regexp ? Array.from(input.matchAll(regexp), (match) => match[0]) : null;
  }),
};
