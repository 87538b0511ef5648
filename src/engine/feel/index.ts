// FEEL for the engine: feelin plus the Camunda 8 / Zeebe built-ins it lacks, JSON results,
// and typed evaluation with Zeebe's error wording. Sources come without the leading "=".
export { FeelError } from './errors.js';
export {
  evaluateCondition,
  evaluateFeel,
  evaluateNumber,
  evaluateString,
  evaluateStringList,
} from './evaluate.js';
export { evaluateDateTime } from './datetime.js';
export { feelSyntaxError } from './syntax.js';
