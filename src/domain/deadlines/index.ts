export { OFFICE_OPENS_AT_HOUR, dueAt, escalationPlan, lastDayOfPeriod, type EscalationPlan } from './due.js';
export {
  COUNTY_TARGETS,
  DeadlineRuleError,
  LEGAL_CAPS,
  MAX_DEADLINE_DAYS,
  describeDeadlineRule,
  parseDeadlineRule,
  type DeadlineRule,
  type DeadlineStart,
  type DeadlineUnit,
} from './rules.js';
