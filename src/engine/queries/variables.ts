// Variables: search across instances, one by key, and those visible from an element instance
// (a user task's scope and every scope around it, inner ones shadowing outer ones).
import type pg from 'pg';
import {
  jsonValueCondition,
  keyText,
  queryOne,
  runSearch,
  stringCondition,
  tenantCondition,
  Where,
  type SearchPlan,
  type SearchQuery,
  type SearchResult,
  type StringFilter,
} from './sql.js';

export interface VariableView {
  variableKey: string;
  name: string;
  /** The value as stored (any JSON value). */
  value: unknown;
  scopeKey: string;
  processInstanceKey: string;
}

export interface VariableFilter {
  name?: StringFilter;
  /** JSON text of the value. */
  value?: StringFilter;
  variableKey?: StringFilter;
  scopeKey?: StringFilter;
  processInstanceKey?: StringFilter;
  tenantId?: StringFilter;
  /** Values longer than the truncation limit count as truncated. */
  isTruncated?: boolean;
}

export const VARIABLE_SORT_FIELDS = [
  'name',
  'value',
  'fullValue',
  'tenantId',
  'variableKey',
  'scopeKey',
  'processInstanceKey',
] as const;
export type VariableSortField = (typeof VARIABLE_SORT_FIELDS)[number];

/** Search results cut values after this many characters of JSON (Camunda's default). */
export const VARIABLE_TRUNCATION_LIMIT = 8191;

const sortable = (alias: string): SearchPlan<VariableSortField>['sortable'] => ({
  name: { expr: `${alias}.name` },
  value: { expr: `${alias}.value::text` },
  fullValue: { expr: `${alias}.value::text` },
  tenantId: { expr: `'<default>'::text` },
  variableKey: { expr: `${alias}.key` },
  scopeKey: { expr: `${alias}.scope_key` },
  processInstanceKey: { expr: `${alias}.process_instance_key` },
});

const COLUMNS = (alias: string) =>
  `${alias}.key::text AS key, ${alias}.name, ${alias}.value, ${alias}.scope_key::text AS scope_key,
   ${alias}.process_instance_key::text AS process_instance_key`;

type Row = Record<string, unknown>;

function toView(row: Row): VariableView {
  return {
    variableKey: keyText(row.key),
    name: String(row.name),
    value: row.value,
    scopeKey: keyText(row.scope_key),
    processInstanceKey: keyText(row.process_instance_key),
  };
}

function variableWhere(w: Where, alias: string, filter: VariableFilter = {}): Where {
  stringCondition(w, `${alias}.name`, filter.name);
  if (filter.value !== undefined) jsonValueCondition(w, `${alias}.value`, filter.value);
  stringCondition(w, `${alias}.key`, filter.variableKey, 'bigint');
  stringCondition(w, `${alias}.scope_key`, filter.scopeKey, 'bigint');
  stringCondition(w, `${alias}.process_instance_key`, filter.processInstanceKey, 'bigint');
  tenantCondition(w, filter.tenantId);
  if (filter.isTruncated !== undefined) {
    const long = `length(${alias}.value::text) > ${VARIABLE_TRUNCATION_LIMIT}`;
    w.add(filter.isTruncated ? long : `NOT (${long})`);
  }
  return w;
}

export function searchVariables(
  db: pg.Pool,
  query: SearchQuery<VariableFilter, VariableSortField>,
): Promise<SearchResult<VariableView>> {
  const plan: SearchPlan<VariableSortField> = {
    from: 'engine.variables v',
    columns: COLUMNS('v'),
    key: { expr: 'v.key' },
    sortable: sortable('v'),
  };
  return runSearch(db, plan, variableWhere(new Where(), 'v', query.filter), query, toView);
}

export async function getVariable(db: pg.Pool, variableKey: string): Promise<VariableView | undefined> {
  const row = await queryOne<Row>(
    db,
    `SELECT ${COLUMNS('v')} FROM engine.variables v WHERE v.key = $1::bigint`,
    [variableKey],
  );
  return row && toView(row);
}

/**
 * Variables visible from an element instance: its own, then those of each enclosing scope up to
 * the process, a name defined nearer hiding the same name further out.
 */
export function searchVisibleVariables(
  db: pg.Pool,
  elementInstanceKey: string,
  query: SearchQuery<Pick<VariableFilter, 'name'>, VariableSortField>,
): Promise<SearchResult<VariableView>> {
  const w = new Where();
  const start = w.param(elementInstanceKey, 'bigint');
  const plan: SearchPlan<VariableSortField> = {
    from: `(WITH RECURSIVE scopes(key, depth) AS (
              SELECT ${start}, 0
              UNION ALL
              SELECT up.flow_scope_key, s.depth + 1
              FROM scopes s CROSS JOIN LATERAL (
                SELECT e.flow_scope_key FROM engine.element_instances e
                WHERE e.key = s.key AND e.flow_scope_key IS NOT NULL LIMIT 1) up
            )
            SELECT DISTINCT ON (var.name) var.*
            FROM scopes s JOIN engine.variables var ON var.scope_key = s.key
            ORDER BY var.name, s.depth) vv`,
    columns: COLUMNS('vv'),
    key: { expr: 'vv.key' },
    sortable: sortable('vv'),
  };
  return runSearch(db, plan, variableWhere(w, 'vv', query.filter), query, toView);
}
