// Element instances (flow node instances) of process instances: search and one by key. The
// process itself is not an element instance here, as in Operate; multi-instance bodies are.
import type pg from 'pg';
import {
  dateTimeCondition,
  keyText,
  msNumber,
  optionalKeyText,
  optionalMs,
  queryOne,
  runSearch,
  stringCondition,
  tenantCondition,
  Where,
  type DateTimeFilter,
  type SearchPlan,
  type SearchQuery,
  type SearchResult,
  type StringFilter,
} from './sql.js';

/** Camunda's element instance types, by the engine's element type. */
export const ELEMENT_INSTANCE_TYPES = {
  process: 'PROCESS',
  subProcess: 'SUB_PROCESS',
  eventSubProcess: 'EVENT_SUB_PROCESS',
  startEvent: 'START_EVENT',
  intermediateCatchEvent: 'INTERMEDIATE_CATCH_EVENT',
  intermediateThrowEvent: 'INTERMEDIATE_THROW_EVENT',
  boundaryEvent: 'BOUNDARY_EVENT',
  endEvent: 'END_EVENT',
  serviceTask: 'SERVICE_TASK',
  receiveTask: 'RECEIVE_TASK',
  userTask: 'USER_TASK',
  manualTask: 'MANUAL_TASK',
  task: 'TASK',
  exclusiveGateway: 'EXCLUSIVE_GATEWAY',
  inclusiveGateway: 'INCLUSIVE_GATEWAY',
  parallelGateway: 'PARALLEL_GATEWAY',
  eventBasedGateway: 'EVENT_BASED_GATEWAY',
  multiInstanceBody: 'MULTI_INSTANCE_BODY',
  callActivity: 'CALL_ACTIVITY',
  businessRuleTask: 'BUSINESS_RULE_TASK',
  scriptTask: 'SCRIPT_TASK',
  sendTask: 'SEND_TASK',
} as const;

export type ElementInstanceType =
  (typeof ELEMENT_INSTANCE_TYPES)[keyof typeof ELEMENT_INSTANCE_TYPES] | 'UNKNOWN';
export type ElementInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ElementInstanceView {
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  elementId: string;
  type: ElementInstanceType;
  state: ElementInstanceState;
  startDate: number;
  endDate?: number;
  /** The key of an active incident on this element instance. */
  incidentKey?: string;
  flowScopeKey?: string;
}

export type ElementInstanceStateFilter =
  | ElementInstanceState
  | {
      $eq?: ElementInstanceState;
      $neq?: ElementInstanceState;
      $exists?: boolean;
      $in?: ElementInstanceState[];
      $notIn?: ElementInstanceState[];
      $like?: string;
    };

export interface ElementInstanceFilter {
  elementInstanceKey?: string;
  processInstanceKey?: string;
  processDefinitionKey?: string;
  processDefinitionId?: string;
  elementId?: string;
  type?: ElementInstanceType;
  state?: ElementInstanceStateFilter;
  hasIncident?: boolean;
  incidentKey?: string;
  tenantId?: StringFilter;
  startDate?: DateTimeFilter;
  endDate?: DateTimeFilter;
  /** Element instances directly inside this scope (element instance or process instance). */
  elementInstanceScopeKey?: string;
}

export const ELEMENT_INSTANCE_SORT_FIELDS = [
  'elementInstanceKey',
  'processInstanceKey',
  'processDefinitionKey',
  'processDefinitionId',
  'startDate',
  'endDate',
  'elementId',
  'type',
  'state',
  'incidentKey',
  'tenantId',
] as const;
export type ElementInstanceSortField = (typeof ELEMENT_INSTANCE_SORT_FIELDS)[number];

const TYPE = `CASE e.element_type ${Object.entries(ELEMENT_INSTANCE_TYPES)
  .map(([engineType, apiType]) => `WHEN '${engineType}' THEN '${apiType}'`)
  .join(' ')} ELSE 'UNKNOWN' END`;
const STATE = `CASE WHEN e.state IN ('ACTIVATING', 'ACTIVATED', 'COMPLETING') THEN 'ACTIVE' ELSE e.state END`;
const INCIDENT_KEY = `(SELECT min(i.key) FROM engine.incidents i WHERE i.element_instance_key = e.key AND i.state = 'ACTIVE')`;

const plan: SearchPlan<ElementInstanceSortField> = {
  from: 'engine.element_instances e JOIN engine.process_instances p ON p.key = e.process_instance_key',
  columns: `e.key::text AS key, e.process_instance_key::text AS process_instance_key,
            p.process_definition_key::text AS process_definition_key, p.bpmn_process_id, e.element_id,
            ${TYPE} AS type, ${STATE} AS state, e.started_at, e.ended_at, ${INCIDENT_KEY}::text AS incident_key,
            e.flow_scope_key::text AS flow_scope_key`,
  key: { expr: 'e.key' },
  sortable: {
    elementInstanceKey: { expr: 'e.key' },
    processInstanceKey: { expr: 'e.process_instance_key' },
    processDefinitionKey: { expr: 'p.process_definition_key' },
    processDefinitionId: { expr: 'p.bpmn_process_id' },
    startDate: { expr: 'e.started_at' },
    endDate: { expr: 'e.ended_at' },
    elementId: { expr: 'e.element_id' },
    type: { expr: TYPE },
    state: { expr: STATE },
    incidentKey: { expr: INCIDENT_KEY },
    tenantId: { expr: `'<default>'::text` },
  },
};

type Row = Record<string, unknown>;

function toView(row: Row): ElementInstanceView {
  return {
    elementInstanceKey: keyText(row.key),
    processInstanceKey: keyText(row.process_instance_key),
    processDefinitionKey: keyText(row.process_definition_key),
    processDefinitionId: String(row.bpmn_process_id),
    elementId: String(row.element_id),
    type: row.type as ElementInstanceType,
    state: row.state as ElementInstanceState,
    startDate: msNumber(row.started_at),
    endDate: optionalMs(row.ended_at),
    incidentKey: optionalKeyText(row.incident_key),
    flowScopeKey: optionalKeyText(row.flow_scope_key),
  };
}

function elementInstanceWhere(filter: ElementInstanceFilter = {}): Where {
  const w = new Where();
  w.add(`e.element_type <> 'process'`);
  stringCondition(w, 'e.key', filter.elementInstanceKey, 'bigint');
  stringCondition(w, 'e.process_instance_key', filter.processInstanceKey, 'bigint');
  stringCondition(w, 'p.process_definition_key', filter.processDefinitionKey, 'bigint');
  stringCondition(w, 'p.bpmn_process_id', filter.processDefinitionId);
  stringCondition(w, 'e.element_id', filter.elementId);
  stringCondition(w, TYPE, filter.type);
  stringCondition(w, STATE, filter.state);
  if (filter.hasIncident !== undefined)
    w.add(filter.hasIncident ? `${INCIDENT_KEY} IS NOT NULL` : `${INCIDENT_KEY} IS NULL`);
  stringCondition(w, INCIDENT_KEY, filter.incidentKey, 'bigint');
  tenantCondition(w, filter.tenantId);
  dateTimeCondition(w, 'e.started_at', filter.startDate);
  dateTimeCondition(w, 'e.ended_at', filter.endDate);
  stringCondition(w, 'e.flow_scope_key', filter.elementInstanceScopeKey, 'bigint');
  return w;
}

export function searchElementInstances(
  db: pg.Pool,
  query: SearchQuery<ElementInstanceFilter, ElementInstanceSortField>,
): Promise<SearchResult<ElementInstanceView>> {
  return runSearch(db, plan, elementInstanceWhere(query.filter), query, toView);
}

export async function getElementInstance(
  db: pg.Pool,
  elementInstanceKey: string,
): Promise<ElementInstanceView | undefined> {
  const row = await queryOne<Row>(
    db,
    `SELECT ${plan.columns} FROM ${plan.from} WHERE e.key = $1::bigint AND e.element_type <> 'process'`,
    [elementInstanceKey],
  );
  return row && toView(row);
}
