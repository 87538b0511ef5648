// Deployed process definitions: search, one by key, and the BPMN XML it was deployed from.
import type pg from 'pg';
import {
  integerCondition,
  keyText,
  optionalText,
  queryOne,
  runSearch,
  stringCondition,
  tenantCondition,
  Where,
  type IntegerFilter,
  type SearchPlan,
  type SearchQuery,
  type SearchResult,
  type StringFilter,
} from './sql.js';

export interface ProcessDefinitionView {
  processDefinitionKey: string;
  processDefinitionId: string;
  name?: string;
  version: number;
  resourceName: string;
  deploymentKey: string;
}

export interface ProcessDefinitionFilter {
  processDefinitionKey?: StringFilter;
  processDefinitionId?: StringFilter;
  name?: StringFilter;
  resourceName?: StringFilter;
  version?: IntegerFilter;
  /** Only the highest version of each process id. */
  isLatestVersion?: boolean;
  tenantId?: StringFilter;
}

export const PROCESS_DEFINITION_SORT_FIELDS = [
  'processDefinitionKey',
  'name',
  'resourceName',
  'version',
  'processDefinitionId',
  'tenantId',
] as const;
export type ProcessDefinitionSortField = (typeof PROCESS_DEFINITION_SORT_FIELDS)[number];

const plan: SearchPlan<ProcessDefinitionSortField> = {
  from: 'engine.process_definitions d',
  columns: `d.key::text AS key, d.bpmn_process_id, d.name, d.version, d.resource_name, d.deployment_key::text AS deployment_key`,
  key: { expr: 'd.key' },
  sortable: {
    processDefinitionKey: { expr: 'd.key' },
    name: { expr: 'd.name' },
    resourceName: { expr: 'd.resource_name' },
    version: { expr: 'd.version' },
    processDefinitionId: { expr: 'd.bpmn_process_id' },
    tenantId: { expr: `'<default>'::text` },
  },
};

type Row = Record<string, unknown>;

function toView(row: Row): ProcessDefinitionView {
  return {
    processDefinitionKey: keyText(row.key),
    processDefinitionId: String(row.bpmn_process_id),
    name: optionalText(row.name),
    version: Number(row.version),
    resourceName: String(row.resource_name),
    deploymentKey: keyText(row.deployment_key),
  };
}

function processDefinitionWhere(filter: ProcessDefinitionFilter = {}): Where {
  const w = new Where();
  stringCondition(w, 'd.key', filter.processDefinitionKey, 'bigint');
  stringCondition(w, 'd.bpmn_process_id', filter.processDefinitionId);
  stringCondition(w, 'd.name', filter.name);
  stringCondition(w, 'd.resource_name', filter.resourceName);
  integerCondition(w, 'd.version', filter.version);
  if (filter.isLatestVersion !== undefined) {
    const latest = `d.version = (SELECT max(l.version) FROM engine.process_definitions l WHERE l.bpmn_process_id = d.bpmn_process_id)`;
    w.add(filter.isLatestVersion ? latest : `NOT (${latest})`);
  }
  tenantCondition(w, filter.tenantId);
  return w;
}

export function searchProcessDefinitions(
  db: pg.Pool,
  query: SearchQuery<ProcessDefinitionFilter, ProcessDefinitionSortField>,
): Promise<SearchResult<ProcessDefinitionView>> {
  return runSearch(db, plan, processDefinitionWhere(query.filter), query, toView);
}

export async function getProcessDefinition(
  db: pg.Pool,
  processDefinitionKey: string,
): Promise<ProcessDefinitionView | undefined> {
  const row = await queryOne<Row>(db, `SELECT ${plan.columns} FROM ${plan.from} WHERE d.key = $1::bigint`, [
    processDefinitionKey,
  ]);
  return row && toView(row);
}

export async function getProcessDefinitionXml(
  db: pg.Pool,
  processDefinitionKey: string,
): Promise<string | undefined> {
  const row = await queryOne<{ xml: string }>(
    db,
    'SELECT xml FROM engine.process_definitions WHERE key = $1::bigint',
    [processDefinitionKey],
  );
  return row?.xml;
}
