// Builds the evaluation context. feelin keeps variables and functions in one namespace, so a
// variable named like a built-in ("count", "date", "now") would hide the function; Camunda keeps
// them apart. When that happens, the calls of the hidden function are renamed to an alias bound to
// the built-in, and the variable keeps its name for ordinary references.
//
// Only the names the expression can refer to go into the context: feelin indexes every context
// name on each parse and copies every value: with forty variables in the instance, a one-name
// condition took three times as long with all of them.
import { parseExpression } from 'feelin';
import { feelinBuiltin } from './builtins/define.js';
import type { Builtins } from './builtins/index.js';

export interface Scope {
  source: string;
  context: Record<string, unknown>;
}

/** Built-ins hidden by a variable of the same name that `source` may call. */
function hiddenBuiltins(source: string, variables: Record<string, unknown>, builtins: Builtins) {
  const hidden = new Map<string, unknown>();
  for (const name of Object.keys(variables)) {
    if (!source.includes(name)) continue;
    const fn = Object.hasOwn(builtins, name) ? builtins[name] : feelinBuiltin(name);
    if (fn !== undefined) hidden.set(name, fn);
  }
  return hidden;
}

function freeName(context: Record<string, unknown>, index: number): string {
  let name = `__builtin_${index}`;
  while (Object.hasOwn(context, name)) name = `_${name}`;
  return name;
}

/** Without any whitespace: a name written with other spacing in the source still matches. */
const squeezed = (text: string) => text.replace(/\s+/g, '');

/**
 * The entries whose name occurs in the source, ignoring whitespace. A FEEL expression can only
 * refer to a name by writing it, so this keeps every entry that can be read or that can change how
 * the source parses (names with spaces or operators in them), and drops the rest.
 */
function referenced(source: string, entries: Record<string, unknown>): Record<string, unknown> {
  const text = squeezed(source);
  const kept: Record<string, unknown> = {};
  for (const name in entries) {
    if (Object.hasOwn(entries, name) && text.includes(squeezed(name))) kept[name] = entries[name];
  }
  return kept;
}

export function buildScope(source: string, allVariables: Record<string, unknown>, builtins: Builtins): Scope {
  const variables = referenced(source, allVariables);
  const context: Record<string, unknown> = { ...referenced(source, builtins), ...variables };
  const hidden = hiddenBuiltins(source, variables, builtins);
  if (hidden.size === 0) return { source, context };

  const calls: { from: number; to: number; name: string }[] = [];
  parseExpression(source, context, undefined).iterate({
    enter(ref) {
      if (ref.name !== 'VariableName' || ref.node.parent?.name !== 'FunctionInvocation') return;
      if (ref.node.prevSibling) return;
      const name = source.slice(ref.from, ref.to).replace(/\s+/g, ' ');
      if (hidden.has(name)) calls.push({ from: ref.from, to: ref.to, name });
    },
  });

  let rewritten = source;
  const aliases = new Map<string, string>();
  for (const call of calls.reverse()) {
    const alias = aliases.get(call.name) ?? freeName(context, aliases.size);
    aliases.set(call.name, alias);
    context[alias] = hidden.get(call.name);
    rewritten = rewritten.slice(0, call.from) + alias + rewritten.slice(call.to);
  }
  return { source: rewritten, context };
}
