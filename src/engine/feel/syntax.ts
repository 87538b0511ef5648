// Syntax checking with feelin's parser (lezer-feel). The parser recovers from errors by inserting
// error nodes; the first one is described in words, with its 1-based column.
import { parseExpression } from 'feelin';
import { PARSE_BUILTINS } from './builtins/index.js';

type Node = ReturnType<typeof parseExpression>['topNode'];

/** "ArithmeticExpression" -> "arithmetic expression". */
function humanize(nodeName: string): string {
  return nodeName.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function quote(source: string, node: Node): string {
  const text = source.slice(node.from, node.to);
  return text.length > 30 ? `'${text.slice(0, 30)}…'` : `'${text}'`;
}

function nextSibling(node: Node): Node | null {
  for (let current: Node | null = node; current; current = current.parent) {
    if (current.nextSibling) return current.nextSibling;
  }
  return null;
}

function describe(source: string, error: Node): string {
  if (error.from !== error.to) return `unexpected ${quote(source, error)} at column ${error.from + 1}`;
  const next = nextSibling(error);
  if (next && next.from !== next.to) return `unexpected ${quote(source, next)} at column ${next.from + 1}`;
  const unfinished = error.parent ? humanize(error.parent.name) : 'expression';
  return `unexpected end of expression at column ${error.from + 1} (incomplete ${unfinished})`;
}

/** The first syntax error of `source`, in words; `variables` lets multi-word names parse as they will at run time. */
export function syntaxErrorOf(source: string, variables: Record<string, unknown> = {}): string | undefined {
  if (source.trim() === '') return 'the expression is empty';
  const tree = parseExpression(source, { ...PARSE_BUILTINS, ...variables }, undefined);
  let error: Node | undefined;
  tree.iterate({
    enter(ref) {
      if (error) return false;
      if (ref.type.isError) error = ref.node;
      return undefined;
    },
  });
  return error ? describe(source, error) : undefined;
}

/** A human-readable syntax error of `source`, or undefined when it parses. Used at deploy time. */
export function feelSyntaxError(source: string): string | undefined {
  return syntaxErrorOf(source);
}
