// The task list and task completion. Tasks live in the engine; the app reads them through the
// Camunda REST API (user task search), joins them to petitions by the `petitionId` process
// variable, and completes them after checking who asks and what they submit.
import { objectionTooLate } from './objection-window.js';
import { addTimelineEntry, getPetitionByNumber } from '../../domain/petitions/index.js';
import type { ApiDeps } from '../api/deps.js';
import { COMPLETE_TASK_LABELS, completeTaskBody } from '../api/schemas.js';
import { parseOrThrow } from '../api/validation.js';
import { candidateGroupsOf, mayWorkTask } from '../auth/access.js';
import type { SessionUser } from '../auth/sessions.js';
import { callEngine, engineStatus, isEngineNotFound, SEARCH_NOW } from '../engine/rest.js';
import { apiProblem, invalidInputProblem, PROBLEM_TYPES, ProblemError, type FieldError } from '../problem.js';
import { parseFormSchema, submittedChoices, validateFormSubmission } from './form-validation.js';

type UserTaskFilter = NonNullable<Parameters<ApiDeps['engine']['searchUserTasks']>[0]['filter']>;
type UserTaskResult = Awaited<ReturnType<ApiDeps['engine']['searchUserTasks']>>['items'][number];

/** A user task with plain strings for its keys. */
interface UserTask {
  userTaskKey: string;
  state: string;
  name: string | null;
  elementId: string;
  processInstanceKey: string;
  processDefinitionId: string;
  formKey: string | null;
  dueDate: string | null;
  creationDate: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
}

/** Keys and names as plain strings (the SDK brands them); empty means absent. */
const text = (value: { toString(): string } | null | undefined): string | null =>
  value === undefined || value === null || value.toString() === '' ? null : value.toString();

function toUserTask(task: UserTaskResult): UserTask {
  return {
    userTaskKey: String(task.userTaskKey),
    state: String(task.state),
    name: text(task.name),
    elementId: String(task.elementId),
    processInstanceKey: String(task.processInstanceKey),
    processDefinitionId: String(task.processDefinitionId),
    formKey: text(task.formKey),
    dueDate: text(task.dueDate),
    creationDate: text(task.creationDate),
    assignee: text(task.assignee),
    candidateGroups: (task.candidateGroups ?? []).map(String),
    candidateUsers: (task.candidateUsers ?? []).map(String),
  };
}

/** At most this many tasks per search; a user with more sees the soonest due first. */
const PAGE_LIMIT = 1000;

/** formKey → formId: a deployed form version never changes, so the mapping is kept for the process's life. */
const formIds = new Map<string, string | null>();

async function searchOpenTasks(deps: ApiDeps, filter: UserTaskFilter): Promise<UserTask[]> {
  const found = await callEngine(() =>
    deps.engine.searchUserTasks(
      {
        filter: { ...filter, state: 'CREATED' },
        sort: [{ field: 'dueDate', order: 'ASC' }],
        page: { from: 0, limit: PAGE_LIMIT },
      },
      SEARCH_NOW,
    ),
  );
  return found.items.map(toUserTask);
}

/** The `petitionId` variable of each process instance (set at start: the petition number). */
async function petitionNumbers(deps: ApiDeps, processInstanceKeys: string[]): Promise<Map<string, string>> {
  const numbers = new Map<string, string>();
  if (processInstanceKeys.length === 0) return numbers;
  const found = await callEngine(() =>
    deps.engine.searchVariables(
      {
        filter: { name: 'petitionId', processInstanceKey: { $in: processInstanceKeys } },
        page: { from: 0, limit: PAGE_LIMIT },
        truncateValues: false,
      },
      SEARCH_NOW,
    ),
  );
  for (const variable of found.items) {
    const value = parseVariable(variable.value);
    const instance = String(variable.processInstanceKey);
    if (typeof value !== 'string') continue;
    // The instance's own variable wins over a local copy in an inner scope.
    if (String(variable.scopeKey) === instance || !numbers.has(instance)) numbers.set(instance, value);
  }
  return numbers;
}

function parseVariable(json: string | undefined): unknown {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

async function formIdOf(deps: ApiDeps, task: UserTask): Promise<string | null> {
  const formKey = task.formKey;
  if (formKey === null) return null;
  const known = formIds.get(formKey);
  if (known !== undefined) return known;
  const form = await callEngine(() =>
    deps.engine.getUserTaskForm({ userTaskKey: task.userTaskKey }, SEARCH_NOW),
  );
  const formId = text(form?.formId);
  formIds.set(formKey, formId);
  return formId;
}

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

/** The user's open tasks: assigned to them, naming them, or offered to one of their groups; soonest due first. */
export async function listTasks(deps: ApiDeps, user: SessionUser) {
  const groups = candidateGroupsOf(user);
  const found = await Promise.all([
    searchOpenTasks(deps, { assignee: user.username }),
    searchOpenTasks(deps, { candidateUser: user.username }),
    groups.length === 0 ? Promise.resolve([]) : searchOpenTasks(deps, { candidateGroup: { $in: groups } }),
  ]);
  const tasks = new Map<string, UserTask>();
  for (const task of found.flat()) {
    // A group task a colleague has taken is theirs now.
    if (mayWorkTask(user, task)) tasks.set(task.userTaskKey, task);
  }
  const items = [...tasks.values()].sort(bySoonestDue);
  const numbers = await petitionNumbers(deps, [...new Set(items.map((task) => task.processInstanceKey))]);
  const petitions = new Map<string, { number: string; title: string }>();
  for (const number of new Set(numbers.values())) {
    const petition = await getPetitionByNumber(deps.db, number);
    if (petition !== undefined) petitions.set(number, { number: petition.number, title: petition.title });
  }
  const result = [];
  for (const task of items) {
    const number = numbers.get(task.processInstanceKey);
    result.push({
      key: task.userTaskKey,
      name: task.name,
      elementId: task.elementId,
      processInstanceKey: task.processInstanceKey,
      processDefinitionId: task.processDefinitionId,
      formId: await formIdOf(deps, task),
      dueDate: task.dueDate === null ? null : new Date(task.dueDate).toISOString(),
      createdAt: task.creationDate,
      assignee: task.assignee,
      candidateGroups: task.candidateGroups,
      petition: number === undefined ? null : (petitions.get(number) ?? null),
    });
  }
  return { items: result };
}

const TASK_KEY = /^\d{1,19}$/;

function taskNotFound(key: string) {
  return apiProblem('notFound', 404, `没有编号为 ${key} 的任务。`);
}

function taskClosed(key: string) {
  return new ProblemError({
    type: PROBLEM_TYPES.taskCompleted,
    title: '任务已办理',
    status: 409,
    detail: `任务 ${key} 已经办理完毕或已取消，不能再提交。`,
  });
}

async function taskVariables(deps: ApiDeps, key: string): Promise<Record<string, unknown>> {
  const found = await callEngine(() =>
    deps.engine.searchUserTaskVariables(
      { userTaskKey: key, truncateValues: false, page: { from: 0, limit: PAGE_LIMIT } },
      SEARCH_NOW,
    ),
  );
  return Object.fromEntries(found.items.map((variable) => [variable.name, parseVariable(variable.value)]));
}

/**
 * Completes a task for the user: it must be open (409 otherwise) and theirs (403), and the
 * variables must fit its form (400 naming each field). The petition's timeline records who did it.
 */
export async function completeTask(deps: ApiDeps, key: string, input: unknown, user: SessionUser) {
  if (!TASK_KEY.test(key)) throw taskNotFound(key);
  const body = parseOrThrow(completeTaskBody, input, COMPLETE_TASK_LABELS);
  const variables = body.variables ?? {};

  let task: UserTask;
  try {
    task = toUserTask(await callEngine(() => deps.engine.getUserTask({ userTaskKey: key }, SEARCH_NOW)));
  } catch (error: unknown) {
    if (isEngineNotFound(error)) throw taskNotFound(key);
    throw error;
  }
  if (task.state !== 'CREATED') throw taskClosed(key);
  if (!mayWorkTask(user, task)) throw apiProblem('forbidden', 403, '这项任务不属于您或您所在的单位。');

  const seen = await taskVariables(deps, key);
  const form = await taskForm(deps, task);
  const errors: FieldError[] =
    form === undefined
      ? Object.keys(variables).map((name) => ({
          field: `variables.${name}`,
          message: `该任务没有表单，不能提交“${name}”`,
        }))
      : validateFormSubmission(form, variables, seen);
  const lateObjection = await objectionTooLate(deps, task, variables);
  if (lateObjection) errors.push(lateObjection);
  if (errors.length > 0) throw new ProblemError(invalidInputProblem(errors));

  try {
    await callEngine(() => deps.engine.completeUserTask({ userTaskKey: key, variables }));
  } catch (error: unknown) {
    const status = engineStatus(error);
    // Completed (or cancelled) by someone else between our check and our call.
    if (status === 404 || status === 409) throw taskClosed(key);
    throw error;
  }

  const number = typeof seen.petitionId === 'string' ? seen.petitionId : undefined;
  const petition = number === undefined ? undefined : await getPetitionByNumber(deps.db, number);
  if (petition !== undefined) {
    await addTimelineEntry(
      deps.db,
      petition.id,
      'task-completed',
      { at: new Date(await deps.engineNow()), actor: user.username },
      {
        task: task.name ?? task.elementId,
        elementId: task.elementId,
        userTaskKey: key,
        actorName: user.displayName,
        ...(form === undefined ? {} : { decisions: submittedChoices(form, variables) }),
      },
    );
  }
  return {
    task: { key, name: task.name ?? null, elementId: task.elementId },
    petition: petition === undefined ? null : { number: petition.number },
  };
}

async function taskForm(deps: ApiDeps, task: UserTask): Promise<Record<string, unknown> | undefined> {
  if (task.formKey === null) return undefined;
  const form = await callEngine(() =>
    deps.engine.getUserTaskForm({ userTaskKey: task.userTaskKey }, SEARCH_NOW),
  );
  const schema = parseFormSchema(form?.schema);
  if (schema === undefined) {
    // The form is declared but unreadable: better to stop than to let anything through.
    throw apiProblem('conflict', 409, '该任务的表单无法读取，请联系流程设计人员。');
  }
  return schema;
}
