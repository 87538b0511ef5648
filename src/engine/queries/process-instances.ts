// Process instances: search with Camunda 8.8 filters (including $or), and one by key.
import type pg from 'pg';
import {
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

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ProcessInstanceView {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionName?: string;
  processDefinitionVersion: number;
  state: ProcessInstanceState;
  startDate: number;
  endDate?: number;
  hasIncident: boolean;
  parentProcessInstanceKey?: string;
  parentElementInstanceKey?: string;
}

export type ProcessInstanceStateFilter =
  | ProcessInstanceState
  | {
      $eq?: ProcessInstanceState;
      $neq?: ProcessInstanceState;
      $exists?: boolean;
      $in?: ProcessInstanceState[];
      $notIn?: ProcessInstanceState[];
      $like?: string;
    };

export interface ProcessInstanceFilterFields {
  processInstanceKey?: StringFilter;
  processDefinitionId?: StringFilter;
  processDefinitionName?: StringFilter;
  processDefinitionVersion?: IntegerFilter;
  processDefinitionKey?: StringFilter;
  parentProcessInstanceKey?: StringFilter;
  parentElementInstanceKey?: StringFilter;
  startDate?: DateTimeFilter;
  endDate?: DateTimeFilter;
  state?: ProcessInstanceStateFilter;
  hasIncident?: boolean;
  tenantId?: StringFilter;
  variables?: VariableValueFilter[];
  /** Instances with an element instance of this element (in `elementInstanceState`, if given). */
  elementId?: StringFilter;
  elementInstanceState?: ProcessInstanceStateFilter;
  /** Instances with an active incident on some element instance. */
  hasElementInstanceIncident?: boolean;
  /** Instances with an active incident whose message matches. */
  errorMessage?: StringFilter;
}

export interface ProcessInstanceFilter extends ProcessInstanceFilterFields {
  /** Alternatives: an instance matches when it matches the fields above and one of these. */
  $or?: ProcessInstanceFilterFields[];
}

export const PROCESS_INSTANCE_SORT_FIELDS = [
  'processInstanceKey',
  'processDefinitionId',
  'processDefinitionName',
  'processDefinitionVersion',
  'processDefinitionKey',
  'parentProcessInstanceKey',
  'parentElementInstanceKey',
  'startDate',
  'endDate',
  'state',
  'hasIncident',
  'tenantId',
] as const;
export type ProcessInstanceSortField = (typeof PROCESS_INSTANCE_SORT_FIELDS)[number];

const HAS_INCIDENT = `EXISTS (SELECT 1 FROM engine.incidents i WHERE i.process_instance_key = p.key AND i.state = 'ACTIVE')`;

const plan: SearchPlan<ProcessInstanceSortField> = {
  from: 'engine.process_instances p LEFT JOIN engine.process_definitions d ON d.key = p.process_definition_key',
  columns: `p.key::text AS key, p.process_definition_key::text AS process_definition_key, p.bpmn_process_id,
            d.name AS process_name, p.version, p.state, p.started_at, p.ended_at, ${HAS_INCIDENT} AS has_incident,
            p.parent_process_instance_key::text AS parent_process_instance_key,
            p.parent_element_instance_key::text AS parent_element_instance_key`,
  key: { expr: 'p.key' },
  sortable: {
    processInstanceKey: { expr: 'p.key' },
    processDefinitionId: { expr: 'p.bpmn_process_id' },
    processDefinitionName: { expr: 'coalesce(d.name, p.bpmn_process_id)' },
    processDefinitionVersion: { expr: 'p.version' },
    processDefinitionKey: { expr: 'p.process_definition_key' },
    parentProcessInstanceKey: { expr: 'p.parent_process_instance_key' },
    parentElementInstanceKey: { expr: 'p.parent_element_instance_key' },
    startDate: { expr: 'p.started_at' },
    endDate: { expr: 'p.ended_at' },
    state: { expr: 'p.state' },
    hasIncident: { expr: HAS_INCIDENT },
    tenantId: { expr: `'<default>'::text` },
  },
};

type Row = Record<string, unknown>;

function toView(row: Row): ProcessInstanceView {
  return {
    processInstanceKey: keyText(row.key),
    processDefinitionKey: keyText(row.process_definition_key),
    processDefinitionId: String(row.bpmn_process_id),
    processDefinitionName: optionalText(row.process_name),
    processDefinitionVersion: Number(row.version),
    state: row.state as ProcessInstanceState,
    startDate: msNumber(row.started_at),
    endDate: optionalMs(row.ended_at),
    hasIncident: row.has_incident === true,
    parentProcessInstanceKey: optionalKeyText(row.parent_process_instance_key),
    parentElementInstanceKey: optionalKeyText(row.parent_element_instance_key),
  };
}

const ELEMENT_STATE = `CASE WHEN e.state IN ('ACTIVATING', 'ACTIVATED', 'COMPLETING') THEN 'ACTIVE' ELSE e.state END`;

function fieldConditions(w: Where, filter: ProcessInstanceFilterFields): void {
  stringCondition(w, 'p.key', filter.processInstanceKey, 'bigint');
  stringCondition(w, 'p.bpmn_process_id', filter.processDefinitionId);
  stringCondition(w, 'coalesce(d.name, p.bpmn_process_id)', filter.processDefinitionName);
  integerCondition(w, 'p.version', filter.processDefinitionVersion);
  stringCondition(w, 'p.process_definition_key', filter.processDefinitionKey, 'bigint');
  stringCondition(w, 'p.parent_process_instance_key', filter.parentProcessInstanceKey, 'bigint');
  stringCondition(w, 'p.parent_element_instance_key', filter.parentElementInstanceKey, 'bigint');
  dateTimeCondition(w, 'p.started_at', filter.startDate);
  dateTimeCondition(w, 'p.ended_at', filter.endDate);
  stringCondition(w, 'p.state', filter.state);
  if (filter.hasIncident !== undefined) w.add(filter.hasIncident ? HAS_INCIDENT : `NOT ${HAS_INCIDENT}`);
  tenantCondition(w, filter.tenantId);
  for (const variable of filter.variables ?? []) {
    const inner = w.child();
    inner.add(`v.name = ${inner.param(variable.name, 'text')}`);
    jsonValueCondition(inner, 'v.value', variable.value);
    w.add(`EXISTS (SELECT 1 FROM engine.variables v WHERE v.scope_key = p.key AND ${inner.condition()})`);
  }
  if (filter.elementId !== undefined || filter.elementInstanceState !== undefined) {
    const inner = w.child();
    stringCondition(inner, 'e.element_id', filter.elementId);
    stringCondition(inner, ELEMENT_STATE, filter.elementInstanceState);
    w.add(
      `EXISTS (SELECT 1 FROM engine.element_instances e WHERE e.process_instance_key = p.key AND ${inner.condition()})`,
    );
  }
  if (filter.hasElementInstanceIncident !== undefined) {
    w.add(filter.hasElementInstanceIncident ? HAS_INCIDENT : `NOT ${HAS_INCIDENT}`);
  }
  if (filter.errorMessage !== undefined) {
    const inner = w.child();
    stringCondition(inner, 'i.error_message', filter.errorMessage);
    w.add(
      `EXISTS (SELECT 1 FROM engine.incidents i WHERE i.process_instance_key = p.key AND i.state = 'ACTIVE' AND ${inner.condition()})`,
    );
  }
}

function processInstanceWhere(filter: ProcessInstanceFilter = {}): Where {
  const w = new Where();
  fieldConditions(w, filter);
  if (filter.$or !== undefined && filter.$or.length > 0) {
    const branches = filter.$or.map((alternative) => {
      const branch = w.child();
      fieldConditions(branch, alternative);
      return branch.condition();
    });
    w.add(branches.map((b) => `(${b})`).join(' OR '));
  }
  return w;
}

export function searchProcessInstances(
  db: pg.Pool,
  query: SearchQuery<ProcessInstanceFilter, ProcessInstanceSortField>,
): Promise<SearchResult<ProcessInstanceView>> {
  return runSearch(db, plan, processInstanceWhere(query.filter), query, toView);
}

export async function getProcessInstance(
  db: pg.Pool,
  processInstanceKey: string,
): Promise<ProcessInstanceView | undefined> {
  const row = await queryOne<Row>(db, `SELECT ${plan.columns} FROM ${plan.from} WHERE p.key = $1::bigint`, [
    processInstanceKey,
  ]);
  return row && toView(row);
}
