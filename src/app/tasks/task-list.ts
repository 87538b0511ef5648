// The task lists: the user's own tasks, their units' tasks, the ones they may claim, or all they
// may work; with the petition each belongs to, the working days left and how urgent it is.
import { z } from 'zod';
import { loadCalendar } from '../../domain/deadline-rules/index.js';
import { getPetitionsByNumbers } from '../../domain/petitions/index.js';
import { listUnits } from '../../domain/units/index.js';
import { STAGES } from '../../domain/vocabulary.js';
import type { ApiDeps } from '../api/deps.js';
import { parseOrThrow } from '../api/validation.js';
import { flagParam, intParam } from '../search/query-params.js';
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

export const DEFAULT_TASK_PAGE_SIZE = 20;
export const MAX_TASK_PAGE_SIZE = 100;

const QUERY_LABELS = {
  scope: '范围',
  stage: '阶段',
  overdue: '已逾期',
  nearDue: '临期',
  q: '关键词',
  page: '页码',
  size: '每页条数',
};

/** Query parameters of GET /api/tasks (unknown ones are ignored, as caches add their own). */
export const taskListQuery = z.object({
  scope: z.enum(TASK_SCOPES).optional(),
  /** The petition's stage. */
  stage: z.enum(STAGES).optional(),
  overdue: flagParam(QUERY_LABELS.overdue).optional(),
  nearDue: flagParam(QUERY_LABELS.nearDue).optional(),
  /** Part of the petition number or title, or of the task's name. */
  q: z.string().trim().max(100).optional(),
  page: intParam(QUERY_LABELS.page, 1, 100_000).optional(),
  size: intParam(QUERY_LABELS.size, 1, MAX_TASK_PAGE_SIZE).optional(),
});

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

/** An open task the user may see, and the lists it belongs to. */
interface ScopedTask {
  task: UserTask;
  scopes: TaskScope[];
}

/**
 * Every open task of any of the user's lists, each once, with the lists it is on. Three searches
 * serve all four lists, so the tabs' counts cost no more than one of them.
 */
async function openTasksOf(deps: ApiDeps, user: SessionUser): Promise<ScopedTask[]> {
  const groups = candidateGroupsOf(user);
  const [assigned, offered, ofGroups] = await Promise.all([
    searchOpenTasks(deps, { assignee: user.username }),
    searchOpenTasks(deps, { candidateUser: user.username }),
    groups.length === 0 ? Promise.resolve([]) : searchOpenTasks(deps, { candidateGroup: { $in: groups } }),
  ]);
  const groupKeys = new Set(ofGroups.map((task) => task.userTaskKey));
  const tasks = new Map<string, ScopedTask>();
  for (const task of [...assigned, ...offered, ...ofGroups]) {
    if (tasks.has(task.userTaskKey)) continue;
    const scopes: TaskScope[] = [];
    // A group task a colleague has taken is theirs now: only the unit list still shows it.
    if (mayWorkTask(user, task)) {
      scopes.push('all');
      if (task.assignee === user.username) scopes.push('mine');
      if (task.assignee === null) scopes.push('claimable');
    }
    if (groupKeys.has(task.userTaskKey)) scopes.push('unit');
    if (scopes.length > 0) tasks.set(task.userTaskKey, { task, scopes });
  }
  return [...tasks.values()].sort((a, b) => bySoonestDue(a.task, b.task));
}

/** The petitions of some tasks' instances, and the lead unit each instance's process names. */
async function petitionsOf(deps: ApiDeps, tasks: UserTask[]) {
  const variables = await instanceVariables(
    deps,
    [...new Set(tasks.map((task) => task.processInstanceKey))],
    ['petitionId', 'leadUnit'],
  );
  const numbers = new Map<string, string>();
  for (const [instance, values] of variables) {
    if (typeof values.petitionId === 'string') numbers.set(instance, values.petitionId);
  }
  const petitions = await getPetitionsByNumbers(deps.db, [...numbers.values()]);
  return {
    petitionOf(task: UserTask) {
      const number = numbers.get(task.processInstanceKey);
      return number === undefined ? undefined : petitions.get(number);
    },
    processLeadOf: (task: UserTask) => variables.get(task.processInstanceKey)?.leadUnit,
  };
}

/**
 * One page of the user's open tasks in the scope asked for (all they may work by default), soonest
 * due first, with how many tasks each list has under the same filters (the tabs of the task page).
 * Petitions are read for every task only when a filter asks about them (stage, keyword); otherwise
 * for the page's tasks alone, as a unit can have thousands of open tasks.
 */
export async function listTasks(deps: ApiDeps, user: SessionUser, query: unknown = {}) {
  const filter = parseOrThrow(taskListQuery, query, QUERY_LABELS);
  const scope = filter.scope ?? 'all';
  const size = filter.size ?? DEFAULT_TASK_PAGE_SIZE;
  const page = filter.page ?? 1;
  const needle = filter.q?.toLowerCase() ?? '';
  const open = await openTasksOf(deps, user);
  const byPetition = filter.stage !== undefined || needle !== '';
  const [calendar, now, units, everyPetition] = await Promise.all([
    loadCalendar(deps.db),
    deps.engineNow(),
    listUnits(deps.db, { includeInactive: true }),
    byPetition
      ? petitionsOf(
          deps,
          open.map(({ task }) => task),
        )
      : undefined,
  ]);
  const unitName = new Map(units.map((unit) => [unit.code, unit.name]));

  const counts: Record<TaskScope, number> = { mine: 0, unit: 0, claimable: 0, all: 0 };
  const listed = [];
  for (const { task, scopes } of open) {
    const due = task.dueDate === null ? null : Date.parse(task.dueDate);
    const { workingDaysLeft, urgency } = urgencyOf(due, now, calendar);
    if (filter.overdue === true || filter.nearDue === true) {
      const wanted =
        (filter.overdue === true && urgency === 'overdue') ||
        (filter.nearDue === true && urgency === 'near_due');
      if (!wanted) continue;
    }
    if (everyPetition !== undefined) {
      const petition = everyPetition.petitionOf(task);
      if (filter.stage !== undefined && petition?.stage !== filter.stage) continue;
      if (needle !== '') {
        const haystack = [petition?.number, petition?.title, task.name].filter((part) => part != null);
        if (!haystack.some((part) => part.toLowerCase().includes(needle))) continue;
      }
    }
    for (const each of scopes) counts[each]++;
    if (scopes.includes(scope)) listed.push({ task, due, workingDaysLeft, urgency });
  }

  const onPage = listed.slice((page - 1) * size, page * size);
  const petitions =
    everyPetition ??
    (await petitionsOf(
      deps,
      onPage.map(({ task }) => task),
    ));
  const items = [];
  for (const { task, due, workingDaysLeft, urgency } of onPage) {
    const petition = petitions.petitionOf(task);
    // The process decides the lead unit (routing, triage, objections); the petition record follows it.
    const processLead = petitions.processLeadOf(task);
    const leadUnit =
      typeof processLead === 'string' && processLead !== '' ? processLead : (petition?.leadUnit ?? null);
    items.push({
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
  return { total: listed.length, page, size, counts, items };
}
