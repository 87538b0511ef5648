// Incidents: search and one by key.
import type pg from 'pg';
import {
  dateTimeCondition,
  keyText,
  msNumber,
  optionalKeyText,
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

export type IncidentState = 'ACTIVE' | 'RESOLVED';

export interface IncidentView {
  incidentKey: string;
  state: IncidentState;
  errorType: string;
  errorMessage: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey?: string;
  creationTime: number;
}

type EnumFilter<T extends string> =
  T | { $eq?: T; $neq?: T; $exists?: boolean; $in?: T[]; $notIn?: T[]; $like?: string };

export interface IncidentFilter {
  incidentKey?: string;
  state?: EnumFilter<string>;
  errorType?: EnumFilter<string>;
  errorMessage?: string;
  processInstanceKey?: string;
  processDefinitionKey?: string;
  processDefinitionId?: string;
  elementId?: string;
  elementInstanceKey?: string;
  jobKey?: string;
  creationTime?: DateTimeFilter;
  tenantId?: StringFilter;
}

export const INCIDENT_SORT_FIELDS = [
  'incidentKey',
  'processDefinitionKey',
  'processDefinitionId',
  'processInstanceKey',
  'errorType',
  'errorMessage',
  'elementId',
  'elementInstanceKey',
  'creationTime',
  'state',
  'jobKey',
  'tenantId',
] as const;
export type IncidentSortField = (typeof INCIDENT_SORT_FIELDS)[number];

const plan: SearchPlan<IncidentSortField> = {
  from: 'engine.incidents i',
  columns: `i.key::text AS key, i.state, i.error_type, i.error_message, i.process_instance_key::text AS process_instance_key,
            i.process_definition_key::text AS process_definition_key, i.bpmn_process_id, i.element_id,
            i.element_instance_key::text AS element_instance_key, i.job_key::text AS job_key, i.created_at`,
  key: { expr: 'i.key' },
  sortable: {
    incidentKey: { expr: 'i.key' },
    processDefinitionKey: { expr: 'i.process_definition_key' },
    processDefinitionId: { expr: 'i.bpmn_process_id' },
    processInstanceKey: { expr: 'i.process_instance_key' },
    errorType: { expr: 'i.error_type' },
    errorMessage: { expr: 'i.error_message' },
    elementId: { expr: 'i.element_id' },
    elementInstanceKey: { expr: 'i.element_instance_key' },
    creationTime: { expr: 'i.created_at' },
    state: { expr: 'i.state' },
    jobKey: { expr: 'i.job_key' },
    tenantId: { expr: `'<default>'::text` },
  },
};

type Row = Record<string, unknown>;

function toView(row: Row): IncidentView {
  return {
    incidentKey: keyText(row.key),
    state: row.state as IncidentState,
    errorType: String(row.error_type),
    errorMessage: String(row.error_message),
    processInstanceKey: keyText(row.process_instance_key),
    processDefinitionKey: keyText(row.process_definition_key),
    processDefinitionId: String(row.bpmn_process_id),
    elementId: String(row.element_id),
    elementInstanceKey: keyText(row.element_instance_key),
    jobKey: optionalKeyText(row.job_key),
    creationTime: msNumber(row.created_at),
  };
}

function incidentWhere(filter: IncidentFilter = {}): Where {
  const w = new Where();
  stringCondition(w, 'i.key', filter.incidentKey, 'bigint');
  stringCondition(w, 'i.state', filter.state);
  stringCondition(w, 'i.error_type', filter.errorType);
  stringCondition(w, 'i.error_message', filter.errorMessage);
  stringCondition(w, 'i.process_instance_key', filter.processInstanceKey, 'bigint');
  stringCondition(w, 'i.process_definition_key', filter.processDefinitionKey, 'bigint');
  stringCondition(w, 'i.bpmn_process_id', filter.processDefinitionId);
  stringCondition(w, 'i.element_id', filter.elementId);
  stringCondition(w, 'i.element_instance_key', filter.elementInstanceKey, 'bigint');
  stringCondition(w, 'i.job_key', filter.jobKey, 'bigint');
  dateTimeCondition(w, 'i.created_at', filter.creationTime);
  tenantCondition(w, filter.tenantId);
  return w;
}

export function searchIncidents(
  db: pg.Pool,
  query: SearchQuery<IncidentFilter, IncidentSortField>,
): Promise<SearchResult<IncidentView>> {
  return runSearch(db, plan, incidentWhere(query.filter), query, toView);
}

export async function getIncident(db: pg.Pool, incidentKey: string): Promise<IncidentView | undefined> {
  const row = await queryOne<Row>(db, `SELECT ${plan.columns} FROM ${plan.from} WHERE i.key = $1::bigint`, [
    incidentKey,
  ]);
  return row && toView(row);
}
