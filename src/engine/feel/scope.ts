// Builds the evaluation context. feelin keeps variables and functions in one namespace, so a
// variable named like a built-in ("count", "date", "now") would hide the function; Camunda keeps
// them apart. When that happens, the calls of the hidden function are renamed to an alias bound to
// the built-in, and the variable keeps its name for ordinary references.
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

export function buildScope(source: string, variables: Record<string, unknown>, builtins: Builtins): Scope {
  const context: Record<string, unknown> = { ...builtins, ...variables };
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
