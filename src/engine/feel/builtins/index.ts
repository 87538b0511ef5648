// The Camunda 8 / Zeebe built-ins added on top of feelin, keyed by their FEEL names.
import { booleanBuiltins } from './boolean.js';
import { contextBuiltins } from './context.js';
import type { Builtins } from './define.js';
import { listBuiltins } from './lists.js';
import { numericBuiltins } from './numeric.js';
import { stringBuiltins } from './strings.js';
import { clockBuiltins, temporalBuiltins } from './temporal.js';
import { zoneBuiltins } from './zones.js';

export type { Builtins } from './define.js';

const clockIndependent: Builtins = {
  ...booleanBuiltins,
  ...stringBuiltins,
  ...listBuiltins,
  ...contextBuiltins,
  ...numericBuiltins,
  ...temporalBuiltins,
  ...zoneBuiltins,
};

/** All added built-ins, with now() and today() reading the given engine clock (epoch ms). */
export function camundaBuiltins(now: number): Builtins {
  return { ...clockIndependent, ...clockBuiltins(now) };
}

/** The added built-ins for parsing only: their names must be known to read "get or else" as one name. */
export const PARSE_BUILTINS: Builtins = camundaBuiltins(0);
