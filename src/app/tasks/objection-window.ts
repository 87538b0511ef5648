// A unit may object to a wrong routing only within 5 working days of receiving the petition
// (DOMAIN.md, acceptance). The deadline rule `objection` of the county's rules sets the period.
import { toShanghaiDate } from '../../domain/calendar/index.js';
import { deadlineRulesFor, loadCalendar } from '../../domain/deadline-rules/index.js';
import { dueAt, LEGAL_CAPS } from '../../domain/deadlines/index.js';
import type { ApiDeps } from '../api/deps.js';
import type { FieldError } from '../problem.js';

/** A field error when an objection to the routing comes after its period; undefined otherwise. */
export async function objectionTooLate(
  deps: ApiDeps,
  task: { elementId: string; creationDate: string | null },
  variables: Record<string, unknown>,
): Promise<FieldError | undefined> {
  if (task.elementId !== 'accept' || variables.acceptance !== 'object' || task.creationDate === null)
    return undefined;
  const rules = await deadlineRulesFor(deps.db, 'objection', 'normal');
  const rule = rules.target ?? rules.cap ?? LEGAL_CAPS.objection;
  const calendar = await loadCalendar(deps.db);
  const due = dueAt(rule, Date.parse(task.creationDate), calendar);
  if ((await deps.engineNow()) <= due) return undefined;
  return {
    field: 'variables.acceptance',
    message: `已超过 ${toShanghaiDate(due)} 的异议期限（收到交办后 ${rule.amount} 个工作日内），不能再提出分办异议，请受理或不予受理。`,
  };
}
