// The deadline rules a fresh install starts with: the county's "520" / "210" targets and the
// legal caps, both from src/domain/deadlines.
import { COUNTY_TARGETS, LEGAL_CAPS, type DeadlineRule } from '../deadlines/index.js';
import type { DeadlineRuleInput } from './rules.js';

/** 复核 (re-review): requested within 30 days of the 复查 decision, decided within 30 days. */
const RE_REVIEW: DeadlineRule = { amount: 30, unit: 'calendar', starts: 'next-day' };

const of = (rule: DeadlineRule) => ({ amount: rule.amount, unit: rule.unit, starts: rule.starts });

export const DEFAULT_DEADLINE_RULES: readonly DeadlineRuleInput[] = [
  { stage: 'accept', procedure: 'normal', kind: 'target', ...of(COUNTY_TARGETS.normal.accept) },
  { stage: 'accept', procedure: 'simplified', kind: 'target', ...of(COUNTY_TARGETS.simplified.accept) },
  { stage: 'handle', procedure: 'normal', kind: 'target', ...of(COUNTY_TARGETS.normal.handle) },
  { stage: 'handle', procedure: 'simplified', kind: 'target', ...of(COUNTY_TARGETS.simplified.handle) },
  { stage: 'accept', procedure: 'any', kind: 'cap', ...of(LEGAL_CAPS.accept) },
  { stage: 'handle', procedure: 'any', kind: 'cap', ...of(LEGAL_CAPS.handle) },
  { stage: 'extension', procedure: 'any', kind: 'cap', ...of(LEGAL_CAPS.extension) },
  { stage: 'objection', procedure: 'any', kind: 'cap', ...of(LEGAL_CAPS.objection) },
  { stage: 'recheck-request', procedure: 'any', kind: 'cap', ...of(LEGAL_CAPS.recheckRequest) },
  { stage: 'recheck', procedure: 'any', kind: 'cap', ...of(LEGAL_CAPS.recheckDecision) },
  { stage: 'rereview-request', procedure: 'any', kind: 'cap', ...of(RE_REVIEW) },
  { stage: 'rereview', procedure: 'any', kind: 'cap', ...of(RE_REVIEW) },
];
