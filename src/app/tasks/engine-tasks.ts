// User tasks as the app reads them from the engine (Camunda REST user-task search), with plain
// strings for keys, and what several task use cases share: loading one task, its variables, its
// form and the petitions its instances belong to.
import type { ApiDeps } from '../api/deps.js';
import { callEngine, everyPage, isEngineNotFound, SEARCH_NOW } from '../engine/rest.js';
import { apiProblem, PROBLEM_TYPES, ProblemError } from '../problem.js';
import { parseFormSchema } from './form-validation.js';

type UserTaskFilter = NonNullable<Parameters<ApiDeps['engine']['searchUserTasks']>[0]['filter']>;
type UserTaskResult = Awaited<ReturnType<ApiDeps['engine']['searchUserTasks']>>['items'][number];

/** A user task with plain strings for its keys. */
export interface UserTask {
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
export const text = (value: { toString(): string } | null | undefined): string | null =>
  value === undefined || value === null || value.toString() === '' ? null : value.toString();

export function toUserTask(task: UserTaskResult): UserTask {
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

/** Tasks per engine search page. */
export const PAGE_LIMIT = 1000;

export const TASK_KEY = /^\d{1,19}$/;

export function taskNotFound(key: string) {
  return apiProblem('notFound', 404, `没有编号为 ${key} 的任务，或您无权查看。`);
}

export function taskClosed(key: string) {
  return new ProblemError({
    type: PROBLEM_TYPES.taskCompleted,
    title: '任务已办理',
    status: 409,
    detail: `任务 ${key} 已经办理完毕或已取消，不能再提交。`,
  });
}

export async function searchOpenTasks(deps: ApiDeps, filter: UserTaskFilter): Promise<UserTask[]> {
  const found = await everyPage((page) =>
    deps.engine.searchUserTasks(
      { filter: { ...filter, state: 'CREATED' }, sort: [{ field: 'dueDate', order: 'ASC' }], page },
      SEARCH_NOW,
    ),
  );
  return found.map(toUserTask);
}

/** The task by key; a key that is not one, or a task the engine does not know, is a 404. */
export async function loadTask(deps: ApiDeps, key: string): Promise<UserTask> {
  if (!TASK_KEY.test(key)) throw taskNotFound(key);
  try {
    return toUserTask(await callEngine(() => deps.engine.getUserTask({ userTaskKey: key }, SEARCH_NOW)));
  } catch (error: unknown) {
    if (isEngineNotFound(error)) throw taskNotFound(key);
    throw error;
  }
}

export function parseVariable(json: string | undefined): unknown {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

/** The variables the task sees (its own scope and every scope above), by name. */
export async function taskVariables(deps: ApiDeps, key: string): Promise<Record<string, unknown>> {
  const found = await callEngine(() =>
    deps.engine.searchUserTaskVariables(
      { userTaskKey: key, truncateValues: false, page: { from: 0, limit: PAGE_LIMIT } },
      SEARCH_NOW,
    ),
  );
  return Object.fromEntries(found.items.map((variable) => [variable.name, parseVariable(variable.value)]));
}

/**
 * Root-scope variables of process instances, by instance: the variables named (e.g. `petitionId`,
 * set at start: the petition number; `leadUnit`, decided at routing and triage).
 */
export async function instanceVariables(
  deps: ApiDeps,
  processInstanceKeys: string[],
  names: string[],
): Promise<Map<string, Record<string, unknown>>> {
  const values = new Map<string, Record<string, unknown>>();
  if (processInstanceKeys.length === 0 || names.length === 0) return values;
  const found = await everyPage((page) =>
    deps.engine.searchVariables(
      {
        filter: { name: { $in: names }, processInstanceKey: { $in: processInstanceKeys } },
        page,
        truncateValues: false,
      },
      SEARCH_NOW,
    ),
  );
  const fromRoot = new Set<string>();
  for (const variable of found) {
    const instance = String(variable.processInstanceKey);
    const slot = `${instance}/${variable.name}`;
    const own = String(variable.scopeKey) === instance;
    // The instance's own variable wins over a local copy in an inner scope.
    if (!own && fromRoot.has(slot)) continue;
    if (own) fromRoot.add(slot);
    const entry = values.get(instance) ?? {};
    if (own || !(variable.name in entry)) entry[variable.name] = parseVariable(variable.value);
    values.set(instance, entry);
  }
  return values;
}

/** formKey → formId: a deployed form version never changes, so the mapping is kept for the process's life. */
const formIds = new Map<string, string | null>();

export async function formIdOf(deps: ApiDeps, task: UserTask): Promise<string | null> {
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

/** The task's form (form-js schema) with its id; undefined for a task without a form. */
export async function taskForm(
  deps: ApiDeps,
  task: UserTask,
): Promise<{ formId: string | null; schema: Record<string, unknown> } | undefined> {
  if (task.formKey === null) return undefined;
  const form = await callEngine(() =>
    deps.engine.getUserTaskForm({ userTaskKey: task.userTaskKey }, SEARCH_NOW),
  );
  const schema = parseFormSchema(form?.schema);
  if (schema === undefined) {
    // The form is declared but unreadable: better to stop than to let anything through.
    throw apiProblem('conflict', 409, '该任务的表单无法读取，请联系流程设计人员。');
  }
  return { formId: text(form?.formId), schema };
}
