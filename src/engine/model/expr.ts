import type { Expr } from './types.js';

/** A model value: FEEL when it starts with "=", otherwise static. */
export function toExpr(raw: string): Expr {
  const value = raw.trim();
  return value.startsWith('=') ? { kind: 'feel', source: value.slice(1).trim() } : { kind: 'static', value };
}

export const isFeel = (raw: string) => raw.trim().startsWith('=');

/** The FEEL source of a "=…" value (the value itself when it has no "="). */
export function feelSource(raw: string): string {
  const value = raw.trim();
  return value.startsWith('=') ? value.slice(1).trim() : value;
}

/** A FEEL string literal evaluating to `value`. */
export function feelStringLiteral(value: string): string {
  return `"${value
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')}"`;
}

/** The trimmed value, or undefined when it is missing or blank. */
export function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
