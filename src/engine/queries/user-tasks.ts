// User tasks as the read side sees them: search with Camunda 8.8 filters, one by key, its form,
// and the variables visible from it.
import type pg from 'pg';
import {
  arrayElementCondition,
  dateTimeCondition,
  integerCondition,
  jsonValueCondition,
  keyText,
  msNumber,
  optionalKeyText,
  optionalMs,
  optionalText,
  queryOne,
  runSearch,
  stringCondition,
  tenantCondition,
  Where,
  type DateTimeFilter,
  type IntegerFilter,
  type SearchPlan,
  type SearchQuery,
  type SearchResult,
  type StringFilter,
  type VariableValueFilter,
} from './sql.js';

export type UserTaskState = 'CREATED' | 'COMPLETED' | 'CANCELED';

export interface UserTaskView {
  userTaskKey: string;
  state: UserTaskState;
  name?: string;
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  processName?: string;
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  /** RFC 3339 text as the engine stored it. */
  dueDate?: string;
  followUpDate?: string;
  priority: number;
  formKey?: string;
  externalFormReference?: string;
  customHeaders: Record<string, string>;
  creationDate: number;
  completionDate?: number;
}

/** States by Camunda's names; this engine's tasks are only ever CREATED, COMPLETED or CANCELED. */
export type UserTaskStateFilter =
  | string
  | { $eq?: string; $neq?: string; $exists?: boolean; $in?: string[]; $notIn?: string[]; $like?: string };

export interface UserTaskFilter {
  userTaskKey?: string;
  state?: UserTaskStateFilter;
  assignee?: StringFilter;
  candidateGroup?: StringFilter;
  candidateUser?: StringFilter;
  elementId?: string;
  elementInstanceKey?: string;
  name?: string;
  processInstanceKey?: string;
  processDefinitionKey?: string;
  /** The bpmnProcessId. */
  processDefinitionId?: string;
  priority?: IntegerFilter;
  creationDate?: DateTimeFilter;
  completionDate?: DateTimeFilter;
  dueDate?: DateTimeFilter;
  followUpDate?: DateTimeFilter;
  tenantId?: StringFilter;
  processInstanceVariables?: VariableValueFilter[];
  localVariables?: VariableValueFilter[];
}

export const USER_TASK_SORT_FIELDS = [
  'creationDate',
  'completionDate',
  'followUpDate',
  'dueDate',
  'priority',
  'name',
] as const;
export type UserTaskSortField = (typeof USER_TASK_SORT_FIELDS)[number];

/** Stored due and follow-up dates carry an offset; compared as instants. */
const msOf = (textColumn: string) => `(extract(epoch from (${textColumn})::timestamptz) * 1000)::bigint`;

const plan: SearchPlan<UserTaskSortField> = {
  from: 'engine.user_tasks t LEFT JOIN engine.process_definitions d ON d.key = t.process_definition_key',
  columns: `t.key::text AS key, t.state, t.name, t.element_id, t.element_instance_key::text AS element_instance_key,
            t.process_instance_key::text AS process_instance_key, t.process_definition_key::text AS process_definition_key,
            t.bpmn_process_id, t.process_definition_version, d.name AS process_name, t.assignee, t.candidate_groups,
            t.candidate_users, t.due_date, t.follow_up_date, t.priority, t.form_key::text AS form_key,
            t.external_form_reference, t.custom_headers, t.created_at, t.completed_at`,
  key: { expr: 't.key' },
  sortable: {
    creationDate: { expr: 't.created_at' },
    completionDate: { expr: 't.completed_at' },
    dueDate: { expr: msOf('t.due_date') },
    followUpDate: { expr: msOf('t.follow_up_date') },
    priority: { expr: 't.priority' },
    name: { expr: 't.name' },
  },
};

type Row = Record<string, unknown>;

function toView(row: Row): UserTaskView {
  const text = optionalText;
  return {
    userTaskKey: keyText(row.key),
    state: row.state as UserTaskState,
    name: text(row.name),
    elementId: String(row.element_id),
    elementInstanceKey: keyText(row.element_instance_key),
    processInstanceKey: keyText(row.process_instance_key),
    processDefinitionKey: keyText(row.process_definition_key),
    processDefinitionId: String(row.bpmn_process_id),
    processDefinitionVersion: Number(row.process_definition_version),
    processName: text(row.process_name),
    assignee: text(row.assignee),
    candidateGroups: row.candidate_groups as string[],
    candidateUsers: row.candidate_users as string[],
    dueDate: text(row.due_date),
    followUpDate: text(row.follow_up_date),
    priority: Number(row.priority),
    formKey: optionalKeyText(row.form_key),
    externalFormReference: text(row.external_form_reference),
    customHeaders: row.custom_headers as Record<string, string>,
    creationDate: msNumber(row.created_at),
    completionDate: optionalMs(row.completed_at),
  };
}

function stateCondition(w: Where, filter: UserTaskStateFilter | undefined): void {
  stringCondition(w, 't.state', filter);
}

/** Variables matched by name and JSON value in the given scopes. */
function variableConditions(w: Where, scopeExpr: string, filters: VariableValueFilter[] | undefined): void {
  for (const filter of filters ?? []) {
    const inner = w.child();
    inner.add(`v.name = ${inner.param(filter.name, 'text')}`);
    jsonValueCondition(inner, 'v.value', filter.value);
    w.add(
      `EXISTS (SELECT 1 FROM engine.variables v WHERE v.scope_key = ${scopeExpr} AND ${inner.condition()})`,
    );
  }
}

function userTaskWhere(filter: UserTaskFilter = {}): Where {
  const w = new Where();
  stringCondition(w, 't.key', filter.userTaskKey, 'bigint');
  stateCondition(w, filter.state);
  stringCondition(w, 't.assignee', filter.assignee);
  arrayElementCondition(w, 't.candidate_groups', filter.candidateGroup);
  arrayElementCondition(w, 't.candidate_users', filter.candidateUser);
  stringCondition(w, 't.element_id', filter.elementId);
  stringCondition(w, 't.element_instance_key', filter.elementInstanceKey, 'bigint');
  stringCondition(w, 't.name', filter.name);
  stringCondition(w, 't.process_instance_key', filter.processInstanceKey, 'bigint');
  stringCondition(w, 't.process_definition_key', filter.processDefinitionKey, 'bigint');
  stringCondition(w, 't.bpmn_process_id', filter.processDefinitionId);
  integerCondition(w, 't.priority', filter.priority);
  dateTimeCondition(w, 't.created_at', filter.creationDate);
  dateTimeCondition(w, 't.completed_at', filter.completionDate);
  dateTimeCondition(w, msOf('t.due_date'), filter.dueDate);
  dateTimeCondition(w, msOf('t.follow_up_date'), filter.followUpDate);
  tenantCondition(w, filter.tenantId);
  variableConditions(w, 't.process_instance_key', filter.processInstanceVariables);
  variableConditions(w, 't.element_instance_key', filter.localVariables);
  return w;
}

export function searchUserTasks(
  db: pg.Pool,
  query: SearchQuery<UserTaskFilter, UserTaskSortField>,
): Promise<SearchResult<UserTaskView>> {
  return runSearch(db, plan, userTaskWhere(query.filter), query, toView);
}

export async function getUserTask(db: pg.Pool, userTaskKey: string): Promise<UserTaskView | undefined> {
  const row = await queryOne<Row>(db, `SELECT ${plan.columns} FROM ${plan.from} WHERE t.key = $1::bigint`, [
    userTaskKey,
  ]);
  return row && toView(row);
}

export interface FormView {
  formKey: string;
  formId: string;
  version: number;
  /** The form-js JSON as deployed. */
  schema: Record<string, unknown>;
}

/** The form linked to a user task; `task` undefined: no such task; `form` undefined: it has none. */
export async function getUserTaskForm(
  db: pg.Pool,
  userTaskKey: string,
): Promise<{ task?: { formKey?: string }; form?: FormView }> {
  const task = await queryOne<{ form_key: string | null }>(
    db,
    'SELECT form_key::text AS form_key FROM engine.user_tasks WHERE key = $1::bigint',
    [userTaskKey],
  );
  if (!task) return {};
  if (task.form_key === null) return { task: {} };
  const form = await queryOne<{
    key: string;
    form_id: string;
    version: number;
    schema: Record<string, unknown>;
  }>(db, 'SELECT key::text AS key, form_id, version, schema FROM engine.forms WHERE key = $1::bigint', [
    task.form_key,
  ]);
  return {
    task: { formKey: task.form_key },
    form: form && { formKey: form.key, formId: form.form_id, version: form.version, schema: form.schema },
  };
}
