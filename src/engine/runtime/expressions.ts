// Typed evaluation of model values that are either static text or FEEL ("=…").
import { evaluateDateTime, evaluateNumber, evaluateString, evaluateStringList } from '../feel/index.js';
import type { Expr } from '../model/types.js';

type Vars = Record<string, unknown>;

export function exprString(expr: Expr, variables: Vars, now: number): string {
  return expr.kind === 'static' ? expr.value : evaluateString(expr.source, variables, now);
}

export function exprNumber(expr: Expr, variables: Vars, now: number): number {
  return expr.kind === 'static' ? Number(expr.value) : evaluateNumber(expr.source, variables, now);
}

export function exprStringList(expr: Expr, variables: Vars, now: number): string[] {
  if (expr.kind === 'feel') return evaluateStringList(expr.source, variables, now);
  return expr.value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

export function exprDateTime(expr: Expr, variables: Vars, now: number): string {
  return expr.kind === 'static'
    ? evaluateDateTime(JSON.stringify(expr.value), {}, now)
    : evaluateDateTime(expr.source, variables, now);
}
