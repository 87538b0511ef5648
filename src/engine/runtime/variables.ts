// Variable scopes as Zeebe documents them: each element instance is a scope; a name resolves to
// the nearest scope that has it; merged variables propagate upward to the nearest scope that
// already has the name, else land in the root (process instance) scope.
import type { InstanceContext, VariableSlot } from './state.js';

type Keys = { take(): string };

function scopeChain(ctx: InstanceContext, scopeKey: string): string[] {
  const chain: string[] = [];
  let current: string | null = scopeKey;
  while (current !== null) {
    chain.push(current);
    current = ctx.elements.get(current)?.flowScopeKey ?? null;
  }
  return chain;
}

/** All variables visible from a scope, the nearest definition winning. */
export function visibleVariables(ctx: InstanceContext, scopeKey: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of scopeChain(ctx, scopeKey).reverse()) {
    for (const [name, slot] of ctx.variables.get(key) ?? []) result[name] = slot.value;
  }
  return result;
}

export function localVariable(
  ctx: InstanceContext,
  scopeKey: string,
  name: string,
): VariableSlot | undefined {
  return ctx.variables.get(scopeKey)?.get(name);
}

export function setLocalVariable(
  ctx: InstanceContext,
  keys: Keys,
  scopeKey: string,
  name: string,
  value: unknown,
): void {
  let scope = ctx.variables.get(scopeKey);
  if (!scope) ctx.variables.set(scopeKey, (scope = new Map<string, VariableSlot>()));
  const existing = scope.get(name);
  const stored = value === undefined ? null : value;
  if (existing && JSON.stringify(existing.value) === JSON.stringify(stored)) return;
  const slot: VariableSlot = { key: existing?.key ?? keys.take(), scopeKey, name, value: stored };
  scope.set(name, slot);
  ctx.changedVariables.push(slot);
  ctx.records.push({
    key: slot.key,
    valueType: 'VARIABLE',
    intent: existing ? 'UPDATED' : 'CREATED',
    processInstanceKey: ctx.instance.key,
    timestamp: ctx.now,
    value: { name, value: stored, scopeKey, bpmnProcessId: ctx.instance.bpmnProcessId },
  });
}

/** Sets each variable in the nearest scope (from `scopeKey` up) that has it, else in the root. */
export function propagateVariables(
  ctx: InstanceContext,
  keys: Keys,
  scopeKey: string,
  variables: Record<string, unknown>,
): void {
  const chain = scopeChain(ctx, scopeKey);
  const root = chain[chain.length - 1]!;
  for (const [name, value] of Object.entries(variables)) {
    const owner = chain.find((key) => ctx.variables.get(key)?.has(name)) ?? root;
    setLocalVariable(ctx, keys, owner, name, value);
  }
}

export function setLocalVariables(
  ctx: InstanceContext,
  keys: Keys,
  scopeKey: string,
  variables: Record<string, unknown>,
): void {
  for (const [name, value] of Object.entries(variables)) setLocalVariable(ctx, keys, scopeKey, name, value);
}

/** The variables defined in one scope only. */
export function localVariables(ctx: InstanceContext, scopeKey: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, slot] of ctx.variables.get(scopeKey) ?? []) result[name] = slot.value;
  return result;
}
