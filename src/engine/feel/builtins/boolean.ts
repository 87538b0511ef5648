// Camunda's boolean extensions: is defined, get or else, assert.
import { FeelAssertionFailure } from '../errors.js';
import { builtin, isNil, isString, type Builtins } from './define.js';

export const booleanBuiltins: Builtins = {
  // Since Camunda 8.3 a null value counts as not defined, so a missing variable (which
  // evaluates to null) and a null variable both give false.
  'is defined': builtin(['value'], (value) => !isNil(value)),

  'get or else': builtin(['value', 'default'], (value, fallback) =>
    isNil(value) ? (fallback ?? null) : value,
  ),

  // A failed assertion fails the whole evaluation instead of yielding null.
  assert: builtin(['value', 'condition', 'cause'], (value, condition, cause) => {
    if (condition === true) return value;
    throw new FeelAssertionFailure(isString(cause) ? cause : 'The condition is not fulfilled');
  }),
};
