export {
  deleteCalendarOverride,
  listCalendarOverrides,
  listNationalYears,
  loadCalendar,
  saveCalendarOverride,
  saveNationalYear,
  type EnteredNationalYear,
  type NationalYearActor,
} from './calendar-overrides.js';
export { DEFAULT_DEADLINE_RULES } from './defaults.js';
export {
  DEADLINE_STAGES,
  deadlineRulesFor,
  listDeadlineRules,
  saveDeadlineRule,
  type DeadlineRuleInput,
  type DeadlineRuleKind,
  type DeadlineStage,
  type RuleProcedure,
  type StageDeadlines,
  type StoredDeadlineRule,
} from './rules.js';
