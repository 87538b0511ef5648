// Building blocks of the read-side searches: a WHERE builder with numbered parameters, the
// Camunda 8.8 filter operators ($eq, $neq, $exists, $in, $notIn, $like, $gt, $gte, $lt, $lte)
// turned into SQL, and the one search runner with sorting, offset paging and keyset cursors.
import type pg from 'pg';

export type SortOrder = 'asc' | 'desc';

export interface SortRequest<F extends string> {
  field: F;
  order?: SortOrder;
}

/** `from`/`limit` (offset) or `after`/`before` (cursor of a previous page) with `limit`. */
export interface PageRequest {
  from?: number;
  limit?: number;
  after?: string;
  before?: string;
}

export interface SearchQuery<Filter, F extends string> {
  filter?: Filter;
  sort?: SortRequest<F>[];
  page?: PageRequest;
}

export interface SearchPage {
  totalItems: number;
  /** Cursors of the first and last item; absent when the page is empty. */
  startCursor?: string;
  endCursor?: string;
}

export interface SearchResult<T> {
  items: T[];
  page: SearchPage;
}

export const DEFAULT_PAGE_LIMIT = 100;

/** A rejection of the query itself (a malformed cursor); the HTTP layer answers 400. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
}

// ---- filter value shapes (as Camunda 8.8 documents them) ---------------------------------

export interface StringOperators {
  $eq?: string;
  $neq?: string;
  $exists?: boolean;
  $in?: string[];
  $notIn?: string[];
  $like?: string;
}
/** A plain value means $eq. */
export type StringFilter = string | StringOperators;

export interface IntegerOperators {
  $eq?: number;
  $neq?: number;
  $exists?: boolean;
  $gt?: number;
  $gte?: number;
  $lt?: number;
  $lte?: number;
  $in?: number[];
}
export type IntegerFilter = number | IntegerOperators;

/** Date-time bounds are RFC 3339 strings. */
export interface DateTimeOperators {
  $eq?: string;
  $neq?: string;
  $exists?: boolean;
  $gt?: string;
  $gte?: string;
  $lt?: string;
  $lte?: string;
  $in?: string[];
}
export type DateTimeFilter = string | DateTimeOperators;

/** The name of a variable and a filter on its JSON-serialized value. */
export interface VariableValueFilter {
  name: string;
  value: StringFilter;
}

// ---- WHERE builder ------------------------------------------------------------------------

export type SqlType = 'bigint' | 'int' | 'text' | 'boolean' | 'jsonb';

/** Collects conditions (joined with AND) and the parameters they refer to. */
export class Where {
  private readonly clauses: string[] = [];

  constructor(readonly params: unknown[] = []) {}

  /** Adds a parameter and returns its placeholder, cast when a type is given. */
  param(value: unknown, type?: SqlType | `${SqlType}[]`): string {
    this.params.push(value);
    return type ? `$${this.params.length}::${type}` : `$${this.params.length}`;
  }

  add(clause: string): void {
    this.clauses.push(clause);
  }

  /** A builder sharing this one's parameters, for a sub-expression (an $or branch). */
  child(): Where {
    return new Where(this.params);
  }

  /** The conditions joined with AND; TRUE when there are none. */
  condition(): string {
    return this.clauses.length === 0 ? 'TRUE' : this.clauses.map((c) => `(${c})`).join(' AND ');
  }
}

/** Camunda $like: `*` any run, `?` one character, backslash escapes either. */
export function likePattern(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      out += escapeLike(pattern[++i]!);
    } else if (ch === '*') {
      out += '%';
    } else if (ch === '?') {
      out += '_';
    } else {
      out += escapeLike(ch);
    }
  }
  return out;
}

function escapeLike(ch: string): string {
  return ch === '%' || ch === '_' || ch === '\\' ? `\\${ch}` : ch;
}

/** A condition on a text expression (or, with `type` 'bigint', on a key column given as strings). */
export function stringCondition(
  w: Where,
  expr: string,
  filter: StringFilter | undefined,
  type: 'text' | 'bigint' = 'text',
): void {
  if (filter === undefined) return;
  if (typeof filter === 'string') {
    w.add(`${expr} = ${w.param(filter, type)}`);
    return;
  }
  if (filter.$eq !== undefined) w.add(`${expr} = ${w.param(filter.$eq, type)}`);
  if (filter.$neq !== undefined) w.add(`${expr} IS DISTINCT FROM ${w.param(filter.$neq, type)}`);
  if (filter.$exists !== undefined) w.add(filter.$exists ? `${expr} IS NOT NULL` : `${expr} IS NULL`);
  if (filter.$in !== undefined) w.add(`${expr} = ANY(${w.param(filter.$in, `${type}[]`)})`);
  if (filter.$notIn !== undefined) {
    w.add(`(${expr} IS NULL OR NOT (${expr} = ANY(${w.param(filter.$notIn, `${type}[]`)})))`);
  }
  if (filter.$like !== undefined)
    w.add(`${expr}::text LIKE ${w.param(likePattern(filter.$like), 'text')} ESCAPE '\\'`);
}

export function integerCondition(w: Where, expr: string, filter: IntegerFilter | undefined): void {
  if (filter === undefined) return;
  if (typeof filter === 'number') {
    w.add(`${expr} = ${w.param(filter, 'bigint')}`);
    return;
  }
  const compare: [keyof IntegerOperators, string][] = [
    ['$eq', '='],
    ['$gt', '>'],
    ['$gte', '>='],
    ['$lt', '<'],
    ['$lte', '<='],
  ];
  for (const [op, sql] of compare) {
    const value = filter[op];
    if (typeof value === 'number') w.add(`${expr} ${sql} ${w.param(value, 'bigint')}`);
  }
  if (filter.$neq !== undefined) w.add(`${expr} IS DISTINCT FROM ${w.param(filter.$neq, 'bigint')}`);
  if (filter.$exists !== undefined) w.add(filter.$exists ? `${expr} IS NOT NULL` : `${expr} IS NULL`);
  if (filter.$in !== undefined) w.add(`${expr} = ANY(${w.param(filter.$in, 'bigint[]')})`);
}

/** Epoch ms of an RFC 3339 date-time; the HTTP layer has checked the format already. */
export function epochMs(dateTime: string): number {
  const ms = Date.parse(dateTime);
  if (Number.isNaN(ms)) throw new QueryError(`Expected an RFC 3339 date-time, but got '${dateTime}'`);
  return ms;
}

/** A condition on an expression giving epoch milliseconds. */
export function dateTimeCondition(w: Where, msExpr: string, filter: DateTimeFilter | undefined): void {
  if (filter === undefined) return;
  if (typeof filter === 'string') {
    w.add(`${msExpr} = ${w.param(epochMs(filter), 'bigint')}`);
    return;
  }
  const compare: [keyof DateTimeOperators, string][] = [
    ['$eq', '='],
    ['$gt', '>'],
    ['$gte', '>='],
    ['$lt', '<'],
    ['$lte', '<='],
  ];
  for (const [op, sql] of compare) {
    const value = filter[op];
    if (typeof value === 'string') w.add(`${msExpr} ${sql} ${w.param(epochMs(value), 'bigint')}`);
  }
  if (filter.$neq !== undefined)
    w.add(`${msExpr} IS DISTINCT FROM ${w.param(epochMs(filter.$neq), 'bigint')}`);
  if (filter.$exists !== undefined) w.add(filter.$exists ? `${msExpr} IS NOT NULL` : `${msExpr} IS NULL`);
  if (filter.$in !== undefined) w.add(`${msExpr} = ANY(${w.param(filter.$in.map(epochMs), 'bigint[]')})`);
}

/** A condition on the elements of a jsonb array of strings (candidate groups and users). */
export function arrayElementCondition(w: Where, jsonbExpr: string, filter: StringFilter | undefined): void {
  if (filter === undefined) return;
  if (typeof filter === 'string') {
    w.add(`${jsonbExpr} ? ${w.param(filter, 'text')}`);
    return;
  }
  if (filter.$eq !== undefined) w.add(`${jsonbExpr} ? ${w.param(filter.$eq, 'text')}`);
  if (filter.$neq !== undefined) w.add(`NOT (${jsonbExpr} ? ${w.param(filter.$neq, 'text')})`);
  if (filter.$exists !== undefined) {
    w.add(filter.$exists ? `jsonb_array_length(${jsonbExpr}) > 0` : `jsonb_array_length(${jsonbExpr}) = 0`);
  }
  if (filter.$in !== undefined) w.add(`${jsonbExpr} ?| ${w.param(filter.$in, 'text[]')}`);
  if (filter.$notIn !== undefined) w.add(`NOT (${jsonbExpr} ?| ${w.param(filter.$notIn, 'text[]')})`);
  if (filter.$like !== undefined) {
    w.add(
      `EXISTS (SELECT 1 FROM jsonb_array_elements_text(${jsonbExpr}) AS element(value)
               WHERE element.value LIKE ${w.param(likePattern(filter.$like), 'text')} ESCAPE '\\')`,
    );
  }
}

/** Compares a jsonb value with a filter given as JSON text, as Camunda compares variable values. */
export function jsonValueCondition(w: Where, jsonbExpr: string, filter: StringFilter): void {
  const equals = (json: string) => {
    try {
      JSON.parse(json);
      return `${jsonbExpr} = ${w.param(json, 'jsonb')}`;
    } catch {
      // Not JSON: nothing stored can equal it, except as raw text.
      return `${jsonbExpr}::text = ${w.param(json, 'text')}`;
    }
  };
  if (typeof filter === 'string') {
    w.add(equals(filter));
    return;
  }
  if (filter.$eq !== undefined) w.add(equals(filter.$eq));
  if (filter.$neq !== undefined) w.add(`NOT (${equals(filter.$neq)})`);
  if (filter.$exists !== undefined)
    w.add(filter.$exists ? `${jsonbExpr} IS NOT NULL` : `${jsonbExpr} IS NULL`);
  if (filter.$in !== undefined)
    w.add(filter.$in.length === 0 ? 'FALSE' : filter.$in.map(equals).join(' OR '));
  if (filter.$notIn !== undefined && filter.$notIn.length > 0)
    w.add(`NOT (${filter.$notIn.map(equals).join(' OR ')})`);
  if (filter.$like !== undefined) {
    // Matched on the JSON text ('"P-7"' for a string); objects and arrays on PostgreSQL's rendering.
    w.add(`${jsonbExpr}::text LIKE ${w.param(likePattern(filter.$like), 'text')} ESCAPE '\\'`);
  }
}

/** A condition on the constant tenant of this engine (multi-tenancy is off: everything is '<default>'). */
export function tenantCondition(w: Where, filter: StringFilter | undefined): void {
  stringCondition(w, `'<default>'::text`, filter);
}

// ---- the search runner ---------------------------------------------------------------------

export interface SortColumn {
  /** SQL expression over the FROM clause. */
  expr: string;
}

export interface SearchPlan<F extends string> {
  /** FROM clause with its joins, e.g. `engine.user_tasks t LEFT JOIN ...`. */
  from: string;
  /** The select list; each row becomes one item through `toItem`. */
  columns: string;
  /** The unique key: the last sort column, so that the order is total. */
  key: SortColumn;
  sortable: Record<F, SortColumn>;
}

const MAX_CURSOR_LENGTH = 300;

interface OrderColumn extends SortColumn {
  order: SortOrder;
}

/**
 * A cursor names the row a page ended (or began) at by its key; the next page continues after
 * that row's current sort values. Cursors stay short whatever the sort fields hold.
 */
function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64');
}

function decodeCursor(cursor: string): string {
  const malformed = () =>
    new QueryError(`Expected a cursor returned by this search, but got '${cursor.slice(0, 40)}'`);
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9+/]*={0,2}$/.test(cursor)) throw malformed();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
  } catch {
    throw malformed();
  }
  const key = typeof value === 'object' && value !== null && 'k' in value ? value.k : undefined;
  if (typeof key !== 'string' || !/^\d{1,19}$/.test(key) || BigInt(key) > 9_223_372_036_854_775_807n)
    throw malformed();
  return key;
}

const CURSOR = '__cursor';

/**
 * Rows after (or before) the cursor row in the sort order, comparing with that row's values in
 * the joined `__cursor` row. Nulls sort last in both directions, as `orderBy` orders them.
 */
function keysetCondition(columns: OrderColumn[], direction: 'after' | 'before'): string {
  const branches = columns.map((col, i) => {
    const value = `${CURSOR}.c${i}`;
    const equal = columns.slice(0, i).map((prev, j) => `${prev.expr} IS NOT DISTINCT FROM ${CURSOR}.c${j}`);
    const op = (col.order === 'asc') === (direction === 'after') ? '>' : '<';
    const beyond =
      direction === 'after'
        ? // Past a null nothing follows; past a value come bigger (smaller) values, then nulls.
          `(${value} IS NOT NULL AND (${col.expr} ${op} ${value} OR ${col.expr} IS NULL))`
        : // Before a null come all values; before a value only smaller (bigger) ones.
          `(${col.expr} IS NOT NULL AND (${value} IS NULL OR ${col.expr} ${op} ${value}))`;
    return [...equal, beyond].join(' AND ');
  });
  return branches.map((b) => `(${b})`).join(' OR ');
}

function orderBy(columns: OrderColumn[], reversed: boolean): string {
  return columns
    .map((c) => {
      const asc = (c.order === 'asc') !== reversed;
      return `${c.expr} ${asc ? 'ASC' : 'DESC'} NULLS ${reversed ? 'FIRST' : 'LAST'}`;
    })
    .join(', ');
}

/** Runs a search: the filter in `where`, the requested order (then the key), one page. */
export async function runSearch<F extends string, Row, T>(
  db: pg.Pool,
  plan: SearchPlan<F>,
  where: Where,
  query: { sort?: SortRequest<F>[]; page?: PageRequest },
  toItem: (row: Row) => T,
): Promise<SearchResult<T>> {
  const columns: OrderColumn[] = [
    ...(query.sort ?? []).map((s) => ({ ...plan.sortable[s.field], order: s.order ?? 'asc' })),
    { ...plan.key, order: 'asc' as const },
  ];
  const page = query.page ?? {};
  const limit = page.limit ?? DEFAULT_PAGE_LIMIT;
  const filter = where.condition();
  const countParams = [...where.params];

  const pageWhere = new Where([...where.params]);
  const backwards = page.before !== undefined;
  const cursor = page.after ?? page.before;
  let from = plan.from;
  let condition = filter;
  if (cursor !== undefined) {
    const cursorKey = pageWhere.param(decodeCursor(cursor), 'bigint');
    const values = columns.map((c, i) => `${c.expr} AS c${i}`).join(', ');
    // The subquery has its own FROM, so the plan's aliases inside it name the cursor row.
    from = `${plan.from} CROSS JOIN (SELECT ${values} FROM ${plan.from} WHERE ${plan.key.expr} = ${cursorKey}) AS ${CURSOR}`;
    condition = `(${filter}) AND (${keysetCondition(columns, backwards ? 'before' : 'after')})`;
  }
  const offset = cursor === undefined ? (page.from ?? 0) : 0;
  const limitParam = pageWhere.param(limit, 'int');
  const offsetParam = pageWhere.param(offset, 'int');
  const sql = `SELECT ${plan.columns}, (${plan.key.expr})::text AS __key FROM ${from} WHERE ${condition}
               ORDER BY ${orderBy(columns, backwards)} LIMIT ${limitParam} OFFSET ${offsetParam}`;
  const [rows, count] = await Promise.all([
    db.query<Record<string, unknown>>(sql, pageWhere.params),
    db.query<{ total: string }>(
      `SELECT count(*)::text AS total FROM ${plan.from} WHERE ${filter}`,
      countParams,
    ),
  ]);
  const ordered = backwards ? [...rows.rows].reverse() : rows.rows;
  const first = ordered[0];
  const last = ordered[ordered.length - 1];
  return {
    items: ordered.map((row) => toItem(row as Row)),
    page: {
      totalItems: Number(count.rows[0]?.total ?? 0),
      ...(first && last
        ? { startCursor: encodeCursor(textOf(first.__key)), endCursor: encodeCursor(textOf(last.__key)) }
        : {}),
    },
  };
}

/** Reads one row by a condition; undefined when there is none. */
export async function queryOne<Row extends pg.QueryResultRow>(
  db: pg.Pool,
  sql: string,
  params: unknown[],
): Promise<Row | undefined> {
  const { rows } = await db.query<Row>(sql, params);
  return rows[0];
}

/** A text or key column's value as a string (keys arrive as numbers or strings depending on the pool). */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return value.toString();
  return JSON.stringify(value);
}

export function optionalText(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : textOf(value);
}

export const keyText = textOf;
export const optionalKeyText = optionalText;

export function msNumber(value: unknown): number {
  return Number(value);
}

export function optionalMs(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}
