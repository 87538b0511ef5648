// The triage decision (分办) recorded on the petition when the office completes the `triage` task:
// kind, procedure, risk, line and the lead and co-handling units. Units see a petition by its lead
// and co-handling units, so without this the unit that must accept a petition could not open it.
// The units are checked before the task is completed, so a decision the petition cannot take is
// refused with a 400 and the task stays open.
import { applyTriage, type Petition } from '../../domain/petitions/index.js';
import { getUnit } from '../../domain/units/index.js';
import { LINES, PETITION_KINDS, PROCEDURES, RISK_LEVELS } from '../../domain/vocabulary.js';
import type { ApiDeps } from '../api/deps.js';
import type { FieldError } from '../problem.js';
import type { UserTask } from './engine-tasks.js';

type Variables = Record<string, unknown>;

export function isTriageTask(task: Pick<UserTask, 'processDefinitionId' | 'elementId'>): boolean {
  return task.processDefinitionId === 'petition' && task.elementId === 'triage';
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const codes = (value: unknown) => (Array.isArray(value) ? value.map(text).filter((code) => code !== '') : []);

/** What the units of a triage decision get wrong, by form field; the form's own checks come first. */
export async function triageUnitErrors(deps: ApiDeps, variables: Variables): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const leadCode = text(variables.leadUnit);
  const coCodes = codes(variables.coUnits);
  const lead = leadCode === '' ? undefined : await getUnit(deps.db, leadCode);
  if (leadCode !== '' && lead?.active !== true) {
    errors.push({ field: 'variables.leadUnit', message: `主办单位不存在或已停用：${leadCode}` });
  }
  const unknown: string[] = [];
  for (const code of coCodes) if ((await getUnit(deps.db, code))?.active !== true) unknown.push(code);
  if (unknown.length > 0) {
    errors.push({ field: 'variables.coUnits', message: `协办单位不存在或已停用：${unknown.join('、')}` });
  } else if (coCodes.includes(leadCode)) {
    errors.push({ field: 'variables.coUnits', message: '主办单位不能同时是协办单位' });
  }
  if (
    variables.kind === 'accusation' &&
    lead !== undefined &&
    (lead.kind !== 'discipline' || coCodes.length > 0)
  ) {
    errors.push({
      field: 'variables.leadUnit',
      message: '检举控告类信访事项只能交由纪委监委办理，不得转送其他单位（包括被举报单位）',
    });
  }
  return errors;
}

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  values.find((each) => each === value);

/** Records the completed triage on the petition (and its timeline, as `triaged`). */
export async function recordTriage(
  deps: ApiDeps,
  petition: Petition,
  variables: Variables,
  act: { at: Date; actor: string },
): Promise<void> {
  const kind = oneOf(PETITION_KINDS, variables.kind);
  const procedure = oneOf(PROCEDURES, variables.procedure);
  const riskLevel = oneOf(RISK_LEVELS, variables.riskLevel);
  // The form requires all three; a form without them (a redesigned one) records nothing.
  if (kind === undefined || procedure === undefined || riskLevel === undefined) return;
  await applyTriage(
    deps.db,
    petition.id,
    {
      kind,
      procedure,
      riskLevel,
      leadUnit: text(variables.leadUnit),
      coUnits: codes(variables.coUnits),
      line: oneOf(LINES, variables.line),
    },
    act,
  );
}
