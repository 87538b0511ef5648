// Deadline rules: how long a stage may take, and how the days are counted.
//
// Counting (信访工作条例 and the county's practice count periods from the next day):
//   - `starts: 'next-day'`: the day after the start date is day 1; the start date itself is not
//     counted. `'same-day'`: the start date is day 1.
//   - `unit: 'calendar'`: every day counts; the period of `amount` days ends on day `amount`.
//   - `unit: 'working'`: only working days count (holidays, weekends and make-up working days as
//     the calendar says); the period ends on the `amount`-th working day on or after day 1.
//     A rest day in the position of day 1 is simply not counted.
// The period is due at the end (23:59:59.999 Asia/Shanghai) of its last day.

export type DeadlineUnit = 'calendar' | 'working';
export type DeadlineStart = 'same-day' | 'next-day';

export interface DeadlineRule {
  amount: number;
  unit: DeadlineUnit;
  starts: DeadlineStart;
}

/** The longest period a rule may have: a year. Anything longer is a configuration mistake. */
export const MAX_DEADLINE_DAYS = 366;

/** A bad deadline rule or escalation setting. `message` is Chinese, for the UI; `detail` English, for logs. */
export class DeadlineRuleError extends Error {
  override readonly name = 'DeadlineRuleError';

  constructor(
    message: string,
    /** The offending field (`amount`, `unit`, `starts`, `remindBefore` …), or '' for the whole value. */
    readonly field: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

const UNITS: Readonly<Record<DeadlineUnit, string>> = { calendar: '自然日', working: '工作日' };
const STARTS: Readonly<Record<DeadlineStart, string>> = { 'same-day': '当日起算', 'next-day': '次日起算' };
const FIELDS = ['amount', 'unit', 'starts'];

/** A configured value as the user wrote it, for error messages. */
export function shown(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `“${value}”`;
    case 'undefined':
      return '（未填写）';
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
      return value.toString();
    case 'function':
      return '（函数）';
    default:
      try {
        return JSON.stringify(value);
      } catch {
        return Object.prototype.toString.call(value);
      }
  }
}

/** Validates a rule from configuration; throws DeadlineRuleError with a Chinese message naming the bad field. */
export function parseDeadlineRule(input: unknown): DeadlineRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DeadlineRuleError(
      `期限规则必须是包含 amount、unit、starts 的对象，实际为 ${shown(input)}`,
      '',
      'Deadline rule must be an object with amount, unit and starts',
    );
  }
  const record = input as Record<string, unknown>;
  const unknownField = Object.keys(record).find((key) => !FIELDS.includes(key));
  if (unknownField !== undefined) {
    throw new DeadlineRuleError(
      `期限规则含有未知字段 ${unknownField}，只允许 amount（天数）、unit（计算方式）、starts（起算日）`,
      unknownField,
      `Unknown deadline rule field "${unknownField}"`,
    );
  }
  const { amount, unit, starts } = record;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1 || amount > MAX_DEADLINE_DAYS) {
    throw new DeadlineRuleError(
      `期限规则的 amount（天数）必须是 1 到 ${MAX_DEADLINE_DAYS} 之间的整数，实际为 ${shown(amount)}`,
      'amount',
      `Deadline rule amount must be an integer from 1 to ${MAX_DEADLINE_DAYS}, got ${shown(amount)}`,
    );
  }
  if (unit !== 'calendar' && unit !== 'working') {
    throw new DeadlineRuleError(
      `期限规则的 unit（计算方式）必须是 calendar（自然日）或 working（工作日），实际为 ${shown(unit)}`,
      'unit',
      `Deadline rule unit must be "calendar" or "working", got ${shown(unit)}`,
    );
  }
  if (starts !== 'same-day' && starts !== 'next-day') {
    throw new DeadlineRuleError(
      `期限规则的 starts（起算日）必须是 same-day（当日起算）或 next-day（次日起算），实际为 ${shown(starts)}`,
      'starts',
      `Deadline rule starts must be "same-day" or "next-day", got ${shown(starts)}`,
    );
  }
  return { amount, unit, starts };
}

/** A rule in words, for the UI: "5 个工作日（次日起算）". */
export function describeDeadlineRule(rule: DeadlineRule): string {
  return `${rule.amount} 个${UNITS[rule.unit]}（${STARTS[rule.starts]}）`;
}

const rule = (amount: number, unit: DeadlineUnit): DeadlineRule =>
  Object.freeze({ amount, unit, starts: 'next-day' });

/**
 * The county's own targets (a county choice, configurable): normal procedure "520" — accept
 * within 5 working days, handle within 20; simplified procedure "210" — 2 and 10. Counted from
 * the next day.
 */
export const COUNTY_TARGETS = Object.freeze({
  normal: Object.freeze({ accept: rule(5, 'working'), handle: rule(20, 'working') }),
  simplified: Object.freeze({ accept: rule(2, 'working'), handle: rule(10, 'working') }),
});

/**
 * The legal limits (信访工作条例): acceptance 15 days, handling 60 days plus one extension of at
 * most 30, objection to a wrong routing within 5 working days, re-check request within 30 days
 * of the reply, re-check decision within 30 days. Calendar days except the objection; counted
 * from the next day.
 */
export const LEGAL_CAPS = Object.freeze({
  accept: rule(15, 'calendar'),
  handle: rule(60, 'calendar'),
  extension: rule(30, 'calendar'),
  objection: rule(5, 'working'),
  recheckRequest: rule(30, 'calendar'),
  recheckDecision: rule(30, 'calendar'),
});
