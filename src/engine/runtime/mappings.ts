// zeebe:ioMapping. Inputs become local variables of the element; outputs are evaluated in the
// element's scope and merged into its flow scope. A dotted target ("a.b") updates one entry of a
// context variable, keeping the others.
import { evaluateFeel } from '../feel/index.js';
import type { IoMapping } from '../model/types.js';
import type { InstanceContext } from './state.js';
import { propagateVariables, setLocalVariables, visibleVariables } from './variables.js';

type Keys = { take(): string };

function isContext(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Writes `value` at a dotted path into `document`, copying the contexts it passes through. */
function assign(
  document: Record<string, unknown>,
  base: Record<string, unknown>,
  target: string,
  value: unknown,
) {
  const [head, ...rest] = target.split('.');
  if (rest.length === 0) {
    document[head!] = value;
    return;
  }
  const current = head! in document ? document[head!] : base[head!];
  const copy: Record<string, unknown> = isContext(current) ? { ...current } : {};
  assign(copy, isContext(current) ? current : {}, rest.join('.'), value);
  document[head!] = copy;
}

/** Evaluates mappings in order; later mappings see earlier results. Throws FeelError. */
export function evaluateMappings(
  mappings: IoMapping[],
  scopeVariables: Record<string, unknown>,
  now: number,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const mapping of mappings) {
    const value = evaluateFeel(mapping.source, { ...scopeVariables, ...result }, now);
    assign(result, scopeVariables, mapping.target, value);
  }
  return result;
}

export function applyInputMappings(
  ctx: InstanceContext,
  keys: Keys,
  elementInstanceKey: string,
  flowScopeKey: string,
  mappings: IoMapping[],
): void {
  if (mappings.length === 0) return;
  const values = evaluateMappings(mappings, visibleVariables(ctx, flowScopeKey), ctx.now);
  setLocalVariables(ctx, keys, elementInstanceKey, values);
}

export function applyOutputMappings(
  ctx: InstanceContext,
  keys: Keys,
  elementInstanceKey: string,
  flowScopeKey: string,
  mappings: IoMapping[],
): void {
  if (mappings.length === 0) return;
  const values = evaluateMappings(mappings, visibleVariables(ctx, elementInstanceKey), ctx.now);
  propagateVariables(ctx, keys, flowScopeKey, values);
}
