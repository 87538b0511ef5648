// The task lists: the user's own tasks, their units' tasks, the ones they may claim, or all they
// may work; with the petition each belongs to, the working days left and how urgent it is.
import { z } from 'zod';
import { loadCalendar } from '../../domain/deadline-rules/index.js';
import { getPetitionsByNumbers } from '../../domain/petitions/index.js';
import { listUnits } from '../../domain/units/index.js';
import { STAGES } from '../../domain/vocabulary.js';
import type { ApiDeps } from '../api/deps.js';
import { parseOrThrow } from '../api/validation.js';
import { candidateGroupsOf, mayWorkTask } from '../auth/access.js';
import type { SessionUser } from '../auth/sessions.js';
import { formIdOf, instanceVariables, searchOpenTasks, type UserTask } from './engine-tasks.js';
import { urgencyOf } from './urgency.js';

/**
 * mine: assigned to the user. unit: open tasks of the user's candidate groups, whoever holds them.
 * claimable: nobody holds them and the user may take them. all (default): every task the user may work.
 */
export const TASK_SCOPES = ['mine', 'unit', 'claimable', 'all'] as const;
export type TaskScope = (typeof TASK_SCOPES)[number];

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** Query parameters of GET /api/tasks (unknown ones are ignored, as caches add their own). */
export const taskListQuery = z.object({
  scope: z.enum(TASK_SCOPES).optional(),
  /** The petition's stage. */
  stage: z.enum(STAGES).optional(),
  overdue: flag.optional(),
  nearDue: flag.optional(),
  /** Part of the petition number or title, or of the task's name. */
  q: z.string().trim().max(100).optional(),
});

const QUERY_LABELS = { scope: '范围', stage: '阶段', overdue: '已逾期', nearDue: '临期', q: '关键词' };

function dueTime(task: Pick<UserTask, 'dueDate'>): number {
  const due = task.dueDate === null ? Number.NaN : Date.parse(task.dueDate);
  return Number.isNaN(due) ? Number.POSITIVE_INFINITY : due;
}

/** Soonest due first, tasks without a due date last; then oldest first. */
export function bySoonestDue(
  a: Pick<UserTask, 'dueDate' | 'creationDate'>,
  b: Pick<UserTask, 'dueDate' | 'creationDate'>,
): number {
  const dueA = dueTime(a);
  const dueB = dueTime(b);
  if (dueA !== dueB) return dueA < dueB ? -1 : 1;
  return (a.creationDate ?? '').localeCompare(b.creationDate ?? '');
}

/** The open tasks of the scope, each once. */
async function tasksInScope(deps: ApiDeps, user: SessionUser, scope: TaskScope): Promise<UserTask[]> {
  const groups = candidateGroupsOf(user);
  const ofGroups = () =>
    groups.length === 0 ? Promise.resolve([]) : searchOpenTasks(deps, { candidateGroup: { $in: groups } });
  let found: UserTask[][];
  if (scope === 'mine') found = [await searchOpenTasks(deps, { assignee: user.username })];
  else if (scope === 'unit') found = [await ofGroups()];
  else {
    found = await Promise.all([
      scope === 'all' ? searchOpenTasks(deps, { assignee: user.username }) : Promise.resolve([]),
      searchOpenTasks(deps, { candidateUser: user.username }),
      ofGroups(),
    ]);
  }
  const tasks = new Map<string, UserTask>();
  for (const task of found.flat()) {
    // A group task a colleague has taken is theirs now: only the unit list still shows it.
    if (scope !== 'unit' && !mayWorkTask(user, task)) continue;
    if (scope === 'claimable' && task.assignee !== null) continue;
    tasks.set(task.userTaskKey, task);
  }
  return [...tasks.values()].sort(bySoonestDue);
}

/** The user's open tasks in the scope asked for (all they may work by default), soonest due first. */
export async function listTasks(deps: ApiDeps, user: SessionUser, query: unknown = {}) {
  const filter = parseOrThrow(taskListQuery, query, QUERY_LABELS);
  const items = await tasksInScope(deps, user, filter.scope ?? 'all');
  const variables = await instanceVariables(
    deps,
    [...new Set(items.map((task) => task.processInstanceKey))],
    ['petitionId', 'leadUnit'],
  );
  const numbers = new Map<string, string>();
  for (const [instance, values] of variables) {
    if (typeof values.petitionId === 'string') numbers.set(instance, values.petitionId);
  }
  const [calendar, now, units] = await Promise.all([
    loadCalendar(deps.db),
    deps.engineNow(),
    listUnits(deps.db, { includeInactive: true }),
  ]);
  const unitName = new Map(units.map((unit) => [unit.code, unit.name]));
  const petitions = await getPetitionsByNumbers(deps.db, [...numbers.values()]);
  const needle = filter.q?.toLowerCase() ?? '';

  const result = [];
  for (const task of items) {
    const number = numbers.get(task.processInstanceKey);
    const petition = number === undefined ? undefined : petitions.get(number);
    // The process decides the lead unit (routing, triage, objections); the petition record follows it.
    const processLead = variables.get(task.processInstanceKey)?.leadUnit;
    const leadUnit =
      typeof processLead === 'string' && processLead !== '' ? processLead : (petition?.leadUnit ?? null);
    const due = task.dueDate === null ? null : Date.parse(task.dueDate);
    const { workingDaysLeft, urgency } = urgencyOf(due, now, calendar);
    if (filter.stage !== undefined && petition?.stage !== filter.stage) continue;
    if (filter.overdue === true || filter.nearDue === true) {
      const wanted =
        (filter.overdue === true && urgency === 'overdue') ||
        (filter.nearDue === true && urgency === 'near_due');
      if (!wanted) continue;
    }
    if (needle !== '') {
      const haystack = [petition?.number, petition?.title, task.name].filter((part) => part != null);
      if (!haystack.some((part) => part.toLowerCase().includes(needle))) continue;
    }
    result.push({
      key: task.userTaskKey,
      name: task.name,
      elementId: task.elementId,
      processInstanceKey: task.processInstanceKey,
      processDefinitionId: task.processDefinitionId,
      formId: await formIdOf(deps, task),
      dueDate: due === null || Number.isNaN(due) ? null : new Date(due).toISOString(),
      createdAt: task.creationDate,
      assignee: task.assignee,
      candidateGroups: task.candidateGroups,
      petition: petition === undefined ? null : { number: petition.number, title: petition.title },
      channel: petition?.channel ?? null,
      stage: petition?.stage ?? null,
      leadUnit: leadUnit === null ? null : { code: leadUnit, name: unitName.get(leadUnit) ?? leadUnit },
      workingDaysLeft,
      urgency,
    });
  }
  return { items: result };
}
