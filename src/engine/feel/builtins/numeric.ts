// Camunda's numeric extension feelin lacks.
import { builtin, type Builtins } from './define.js';

export const numericBuiltins: Builtins = {
  'random number': builtin([], () => Math.random()),
};
