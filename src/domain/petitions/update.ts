// Changes to a registered petition. Each is one statement that changes the row and writes its
// timeline entry together; none touches a closed or rejected petition. Asking for the state a
// petition is already in changes nothing and writes no entry, so a retried job is harmless.
import { conflict, invalidInput, notFound } from '../errors.js';
import type { Queryable } from '../sql.js';
import { getUnit, unknownUnitCodes } from '../units/index.js';
import {
  LINES,
  PETITION_KINDS,
  PROCEDURES,
  RISK_LEVELS,
  STAGES,
  type Line,
  type PetitionKind,
  type Procedure,
  type RiskLevel,
  type Stage,
} from '../vocabulary.js';
import { getPetition } from './get.js';
import {
  PETITION_COLUMNS,
  petitionColumns,
  toPetition,
  type Act,
  type Petition,
  type PetitionRow,
} from './types.js';

const OPEN = `stage NOT IN ('closed', 'rejected')`;

function isFinal(petition: Petition): boolean {
  return petition.stage === 'closed' || petition.stage === 'rejected';
}

/** When an update touched no row: the petition as it is (nothing to do), or why it cannot change. */
async function unchanged(
  db: Queryable,
  id: number,
  satisfied: (petition: Petition) => boolean,
): Promise<Petition> {
  const petition = await getPetition(db, id);
  if (petition === undefined) throw notFound('找不到该信访事项', `No petition ${id}`);
  if (satisfied(petition)) return petition;
  if (isFinal(petition)) {
    throw conflict(
      `信访事项 ${petition.number} 已${petition.stage === 'closed' ? '办结' : '不予受理'}，不能再修改`,
      `Petition ${petition.number} is ${petition.stage}`,
    );
  }
  throw conflict(
    `信访事项 ${petition.number} 的状态已变化，请刷新后重试`,
    `Petition ${petition.number} changed concurrently`,
  );
}

function oneOf<T extends string>(values: readonly T[], value: T, label: string, field: string): void {
  if (!values.includes(value)) {
    throw invalidInput(`未知的${label}：${String(value)}`, `Unknown ${field} "${String(value)}"`);
  }
}

/**
 * Moves a petition to `stage` (job `update-petition`, and the app). `replied` stamps replied_at,
 * `closed` and `rejected` stamp closed_at.
 */
export async function updateStage(
  db: Queryable,
  id: number,
  stage: Stage,
  act: Act,
  detail: Record<string, unknown> = {},
): Promise<Petition> {
  oneOf(STAGES, stage, '办理阶段', 'stage');
  const result = await db.query<PetitionRow>(
    `WITH updated AS (
       UPDATE app.petitions p SET stage = $2::text,
         replied_at = CASE WHEN $2::text = 'replied' THEN $3::timestamptz ELSE p.replied_at END,
         closed_at = CASE WHEN $2::text IN ('closed', 'rejected') THEN $3::timestamptz ELSE p.closed_at END
       FROM app.petitions before
       WHERE p.id = $1 AND before.id = p.id AND p.stage <> $2::text AND p.${OPEN}
       RETURNING ${petitionColumns('p')}, before.stage AS previous
     ), logged AS (
       INSERT INTO app.timeline (petition_id, at, kind, actor, detail)
       SELECT id, $3, 'stage-changed', $4, $5::jsonb || jsonb_build_object('from', previous, 'to', stage) FROM updated
     )
     SELECT ${PETITION_COLUMNS} FROM updated`,
    [id, stage, act.at, act.actor, detail],
  );
  const row = result.rows[0];
  return row === undefined ? unchanged(db, id, (p) => p.stage === stage) : toPetition(row);
}

export interface Triage {
  kind: PetitionKind;
  procedure: Procedure;
  riskLevel: RiskLevel;
  leadUnit: string;
  coUnits: string[];
  /** Defaults to the line the petition has (its category's). */
  line?: Line | undefined;
}

async function checkTriage(db: Queryable, triage: Triage): Promise<string[]> {
  oneOf(PETITION_KINDS, triage.kind, '信访事项性质', 'kind');
  oneOf(PROCEDURES, triage.procedure, '办理程序', 'procedure');
  oneOf(RISK_LEVELS, triage.riskLevel, '风险等级', 'riskLevel');
  if (triage.line !== undefined) oneOf(LINES, triage.line, '处置线', 'line');
  const coUnits = [...new Set(triage.coUnits)];
  if (coUnits.includes(triage.leadUnit)) {
    throw invalidInput('主办单位不能同时是协办单位', 'The lead unit cannot also be a co-handling unit');
  }
  const unknown = await unknownUnitCodes(db, [triage.leadUnit, ...coUnits]);
  if (unknown.length > 0) {
    throw invalidInput(
      `单位不存在或已停用：${unknown.join('、')}`,
      `Unknown or inactive units: ${unknown.join(', ')}`,
    );
  }
  if (triage.kind === 'accusation') {
    const lead = await getUnit(db, triage.leadUnit);
    if (lead?.kind !== 'discipline' || coUnits.length > 0) {
      throw invalidInput(
        '检举控告类信访事项只能交由纪委监委办理，不得转送其他单位（包括被举报单位）',
        'An accusation goes to the discipline unit alone, without co-handling units',
      );
    }
  }
  return coUnits;
}

/** Records the triage decision (分类, 程序, 风险, 主办/协办单位). */
export async function applyTriage(db: Queryable, id: number, triage: Triage, act: Act): Promise<Petition> {
  const coUnits = await checkTriage(db, triage);
  const result = await db.query<PetitionRow>(
    `WITH updated AS (
       UPDATE app.petitions SET kind = $2, procedure = $3, risk_level = $4, lead_unit = $5, co_units = $6,
         line = COALESCE($7, line)
       WHERE id = $1 AND ${OPEN}
       RETURNING ${PETITION_COLUMNS}
     ), logged AS (
       INSERT INTO app.timeline (petition_id, at, kind, actor, detail)
       SELECT id, $8, 'triaged', $9, jsonb_build_object('kind', kind, 'procedure', procedure,
         'riskLevel', risk_level, 'line', line, 'leadUnit', lead_unit, 'coUnits', to_jsonb(co_units))
       FROM updated
     )
     SELECT ${PETITION_COLUMNS} FROM updated`,
    [
      id,
      triage.kind,
      triage.procedure,
      triage.riskLevel,
      triage.leadUnit,
      coUnits,
      triage.line ?? null,
      act.at,
      act.actor,
    ],
  );
  const row = result.rows[0];
  return row === undefined ? unchanged(db, id, () => false) : toPetition(row);
}

/** Converts the procedure (a simplified case found complex goes to the normal procedure). */
export async function changeProcedure(
  db: Queryable,
  id: number,
  procedure: Procedure,
  act: Act,
): Promise<Petition> {
  oneOf(PROCEDURES, procedure, '办理程序', 'procedure');
  const result = await db.query<PetitionRow>(
    `WITH updated AS (
       UPDATE app.petitions p SET procedure = $2::text
       FROM app.petitions before
       WHERE p.id = $1 AND before.id = p.id AND p.procedure IS DISTINCT FROM $2::text AND p.${OPEN}
       RETURNING ${petitionColumns('p')}, before.procedure AS previous
     ), logged AS (
       INSERT INTO app.timeline (petition_id, at, kind, actor, detail)
       SELECT id, $3, 'procedure-changed', $4, jsonb_build_object('from', previous, 'to', procedure) FROM updated
     )
     SELECT ${PETITION_COLUMNS} FROM updated`,
    [id, procedure, act.at, act.actor],
  );
  const row = result.rows[0];
  return row === undefined ? unchanged(db, id, (p) => p.procedure === procedure) : toPetition(row);
}

/** The deadline columns by stage; an extension moves the handling deadline. */
const DEADLINE_COLUMNS = { accept: 'accept_due', handle: 'handle_due', extension: 'handle_due' } as const;
export type DeadlineColumnStage = keyof typeof DEADLINE_COLUMNS;

/** Records a computed deadline (job `compute-deadlines`). */
export async function recordDeadline(
  db: Queryable,
  id: number,
  stage: DeadlineColumnStage,
  due: Date,
  act: Act,
): Promise<Petition> {
  const column = DEADLINE_COLUMNS[stage] as string | undefined;
  if (column === undefined) {
    throw invalidInput(`未知的期限阶段：${String(stage)}`, `Unknown deadline stage "${String(stage)}"`);
  }
  const result = await db.query<PetitionRow>(
    `WITH updated AS (
       UPDATE app.petitions SET ${column} = $2
       WHERE id = $1 AND ${column} IS DISTINCT FROM $2 AND ${OPEN}
       RETURNING ${PETITION_COLUMNS}
     ), logged AS (
       INSERT INTO app.timeline (petition_id, at, kind, actor, detail)
       SELECT id, $3, 'deadline-set', $4, jsonb_build_object('stage', $5::text, 'due', $2::timestamptz) FROM updated
     )
     SELECT ${PETITION_COLUMNS} FROM updated`,
    [id, due, act.at, act.actor, stage],
  );
  const row = result.rows[0];
  const current = (p: Petition): boolean =>
    (stage === 'accept' ? p.acceptDue : p.handleDue)?.getTime() === due.getTime();
  return row === undefined ? unchanged(db, id, current) : toPetition(row);
}

/** Remembers the process instance the app started for the petition; it is set once. */
export async function recordProcessInstance(
  db: Queryable,
  id: number,
  processInstanceKey: string,
  act: Act,
): Promise<Petition> {
  const result = await db.query<PetitionRow>(
    `WITH updated AS (
       UPDATE app.petitions SET process_instance_key = $2
       WHERE id = $1 AND process_instance_key IS NULL AND ${OPEN}
       RETURNING ${PETITION_COLUMNS}
     ), logged AS (
       INSERT INTO app.timeline (petition_id, at, kind, actor, detail)
       SELECT id, $3, 'process-started', $4, jsonb_build_object('processInstanceKey', process_instance_key) FROM updated
     )
     SELECT ${PETITION_COLUMNS} FROM updated`,
    [id, processInstanceKey, act.at, act.actor],
  );
  const row = result.rows[0];
  if (row !== undefined) return toPetition(row);
  const petition = await unchanged(db, id, (p) => p.processInstanceKey !== null);
  if (petition.processInstanceKey !== processInstanceKey) {
    throw conflict(
      `信访事项 ${petition.number} 已有办理流程`,
      `Petition ${petition.number} already has process instance ${petition.processInstanceKey ?? ''}`,
    );
  }
  return petition;
}
