import { parseDeadlineRule, type DeadlineRule } from '../deadlines/index.js';
import { invalidInput } from '../errors.js';
import { toId, type Queryable } from '../sql.js';
import type { Procedure } from '../vocabulary.js';

export const DEADLINE_STAGES = [
  'accept',
  'handle',
  'extension',
  'objection',
  'recheck-request',
  'recheck',
  'rereview-request',
  'rereview',
] as const;
/**
 * accept 受理, handle 办理, extension 延期, objection 异议 (wrong routing), recheck-request 申请复查,
 * recheck 复查决定, rereview-request 申请复核, rereview 复核决定.
 */
export type DeadlineStage = (typeof DEADLINE_STAGES)[number];

/** A rule for one procedure, or for both (`any`). */
export type RuleProcedure = Procedure | 'any';
const RULE_PROCEDURES: readonly RuleProcedure[] = ['normal', 'simplified', 'any'];

/** target: the county's own goal (520 / 210); cap: the legal limit. */
export type DeadlineRuleKind = 'target' | 'cap';
const RULE_KINDS: readonly DeadlineRuleKind[] = ['target', 'cap'];

export interface DeadlineRuleInput extends DeadlineRule {
  stage: DeadlineStage;
  procedure: RuleProcedure;
  kind: DeadlineRuleKind;
}

export interface StoredDeadlineRule extends DeadlineRuleInput {
  id: number;
}

/** The rules that govern one stage of one petition. */
export interface StageDeadlines {
  /** The county target, if the county set one for this stage. */
  target: DeadlineRule | undefined;
  /** The legal cap, if the law sets one. */
  cap: DeadlineRule | undefined;
}

interface RuleRow {
  id: string;
  stage: DeadlineStage;
  procedure: RuleProcedure;
  kind: DeadlineRuleKind;
  amount: number;
  unit: DeadlineRule['unit'];
  starts: DeadlineRule['starts'];
}

const COLUMNS = 'id, stage, procedure, kind, amount, unit, starts';

const toStored = (row: RuleRow): StoredDeadlineRule => ({
  id: toId(row.id),
  stage: row.stage,
  procedure: row.procedure,
  kind: row.kind,
  amount: row.amount,
  unit: row.unit,
  starts: row.starts,
});

export async function listDeadlineRules(db: Queryable): Promise<StoredDeadlineRule[]> {
  const result = await db.query<RuleRow>(
    `SELECT ${COLUMNS} FROM app.deadline_rules ORDER BY stage, procedure, kind`,
  );
  return result.rows.map(toStored);
}

/**
 * The target and the cap for a stage under a procedure. A rule for the procedure itself beats
 * a rule for `any`. Rows are checked with parseDeadlineRule, so a rule edited by hand into
 * something invalid fails loudly here rather than yielding a wrong deadline.
 */
export async function deadlineRulesFor(
  db: Queryable,
  stage: DeadlineStage,
  procedure: Procedure,
): Promise<StageDeadlines> {
  const result = await db.query<RuleRow>(
    `SELECT DISTINCT ON (kind) ${COLUMNS} FROM app.deadline_rules
      WHERE stage = $1 AND procedure IN ($2, 'any')
      ORDER BY kind, procedure = 'any'`,
    [stage, procedure],
  );
  const pick = (kind: DeadlineRuleKind): DeadlineRule | undefined => {
    const row = result.rows.find((r) => r.kind === kind);
    return row === undefined
      ? undefined
      : parseDeadlineRule({ amount: row.amount, unit: row.unit, starts: row.starts });
  };
  return { target: pick('target'), cap: pick('cap') };
}

/** Creates or replaces the rule for (stage, procedure, kind). */
export async function saveDeadlineRule(db: Queryable, input: DeadlineRuleInput): Promise<StoredDeadlineRule> {
  if (!DEADLINE_STAGES.includes(input.stage)) {
    throw invalidInput(
      `未知的期限阶段：${String(input.stage)}`,
      `Unknown deadline stage "${String(input.stage)}"`,
    );
  }
  if (!RULE_PROCEDURES.includes(input.procedure)) {
    throw invalidInput(
      `未知的办理程序：${String(input.procedure)}`,
      `Unknown procedure "${String(input.procedure)}"`,
    );
  }
  if (!RULE_KINDS.includes(input.kind)) {
    throw invalidInput(
      `未知的期限类型：${String(input.kind)}`,
      `Unknown deadline kind "${String(input.kind)}"`,
    );
  }
  const rule = parseDeadlineRule({ amount: input.amount, unit: input.unit, starts: input.starts });
  const result = await db.query<RuleRow>(
    `INSERT INTO app.deadline_rules (stage, procedure, kind, amount, unit, starts) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT ON CONSTRAINT deadline_rules_stage_procedure_kind
       DO UPDATE SET amount = EXCLUDED.amount, unit = EXCLUDED.unit, starts = EXCLUDED.starts
     RETURNING ${COLUMNS}`,
    [input.stage, input.procedure, input.kind, rule.amount, rule.unit, rule.starts],
  );
  return toStored(result.rows[0] as RuleRow);
}
