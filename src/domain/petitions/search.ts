// Finding petitions: full text in Chinese (the character-pair index of migration
// 20261204000001_petition_search), filters, the deadline in force, paging, and the scope of what
// a unit may see, all in SQL so that a page never carries a row its reader may not see.
import type { Queryable } from '../sql.js';
import type { Channel, Stage } from '../vocabulary.js';
import { petitionColumns, toPetition, type Petition, type PetitionRow } from './types.js';

/**
 * What a unit-scoped reader may see (the SQL form of `petitionAccess` in the app): the petitions
 * its unit leads or co-handles; accusations (检举控告) only when the unit is the discipline unit;
 * and, for the discipline liaison, also first-time and skip-level petitions (referred to it for a
 * check). Absent: everything (county-wide roles).
 */
export interface PetitionScope {
  /** The reader's unit; null: no unit, so no own petitions. */
  unit: string | null;
  /** Whether accusations may be seen at all (the reader's unit is the discipline unit). */
  accusations: boolean;
  /** The discipline liaison: also first-time (初信初访) and skip-level (越级访) petitions. */
  firstTimeAndSkipLevel: boolean;
}

/** Open petitions by their deadline in force; the three are disjoint. */
export const DUE_STATUSES = ['near_due', 'due_today', 'overdue'] as const;
export type DueStatus = (typeof DUE_STATUSES)[number];

/**
 * The instants that divide deadlines: overdue at or before `now`; due today up to `todayEnd`
 * (the end of today, Asia/Shanghai); near due before `nearDueEnd` (the start of the first day
 * more than two working days away).
 */
export interface DueBoundaries {
  now: Date;
  todayEnd: Date;
  nearDueEnd: Date;
}

export const SORT_FIELDS = ['registeredAt', 'dueAt'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export interface PetitionFilter {
  /**
   * Words to find in the number, title or content: every character pair of the text's Chinese
   * and every Latin word or number (as a prefix) must occur. A single Chinese character is looked
   * for as a substring.
   */
  text?: string | undefined;
  stages?: readonly Stage[] | undefined;
  /** true: only open petitions (not closed or rejected); false: only finished ones. */
  open?: boolean | undefined;
  /** A unit's petitions: as lead unit or as co-handling unit. */
  unit?: string | undefined;
  category?: string | undefined;
  area?: string | undefined;
  channel?: Channel | undefined;
  petitionerId?: number | undefined;
  /** Registered at or after. */
  registeredFrom?: Date | undefined;
  /** Registered before. */
  registeredBefore?: Date | undefined;
  /** Only repeats: petitions repeated at least once, and those registered as a repeat. */
  repeat?: boolean | undefined;
  /** Only skip-level (越级访) petitions. */
  skipLevel?: boolean | undefined;
  /** Only open petitions whose deadline in force is in this state. */
  due?: { status: DueStatus; at: DueBoundaries } | undefined;
  /** Only what this reader may see; absent: everything. */
  scope?: PetitionScope | undefined;
  /** Default: by relevance when there is text, else newest registration first. */
  sort?: { field: SortField; order: 'asc' | 'desc' } | undefined;
  /** Page size, 1–200 (default 50). */
  limit?: number | undefined;
  offset?: number | undefined;
}

export const MAX_PAGE_SIZE = 200;

/**
 * The deadline in force of petition `p`: acceptance while it waits for acceptance, handling while
 * it is handled; none before triage ends and after the reply.
 */
export function currentDueSql(p: string): string {
  return `CASE WHEN ${p}.stage = 'acceptance' THEN ${p}.accept_due
    WHEN ${p}.stage IN ('handling', 'review') THEN ${p}.handle_due END`;
}

/** Open petitions whose deadline in force lies in (after, upTo]; written per stage so the partial indexes serve it. */
function dueBetween(p: string, after: string | null, upTo: string | null): string {
  const range = (column: string) =>
    [after === null ? null : `${column} > ${after}`, upTo === null ? null : `${column} <= ${upTo}`]
      .filter((part) => part !== null)
      .join(' AND ');
  return `((${p}.stage = 'acceptance' AND ${range(`${p}.accept_due`)})
    OR (${p}.stage IN ('handling', 'review') AND ${range(`${p}.handle_due`)}))`;
}

/** Accusations: so classified at triage, or, before triage, registered in an accusation category. */
export function accusationSql(p: string): string {
  return `(${p}.kind = 'accusation' OR (${p}.kind IS NULL AND EXISTS (
    SELECT 1 FROM app.categories c WHERE c.code = ${p}.category_code AND c.accusation)))`;
}

/** Collects conditions and their parameters. */
export class SqlConditions {
  readonly conditions: string[] = [];
  readonly values: unknown[] = [];

  param(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }

  add(condition: string): void {
    this.conditions.push(condition);
  }

  where(): string {
    return this.conditions.length === 0 ? 'TRUE' : this.conditions.join('\n AND ');
  }
}

/** The scope's condition on petition `p` (see PetitionScope). */
export function scopeCondition(w: SqlConditions, p: string, scope: PetitionScope): void {
  const own =
    scope.unit === null
      ? 'FALSE'
      : (() => {
          const unit = w.param(scope.unit, 'text');
          return `(${p}.lead_unit = ${unit} OR ${unit} = ANY (${p}.co_units))`;
        })();
  const referred = scope.firstTimeAndSkipLevel ? `(${p}.first_time OR ${p}.skip_level)` : 'FALSE';
  w.add(`(${own} OR ${referred})`);
  if (!scope.accusations) w.add(`NOT ${accusationSql(p)}`);
}

/** One Chinese character and nothing else: the pair index cannot find it inside pairs, a substring search can. */
function singleCharacter(text: string): boolean {
  return /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$/u.test(text.normalize('NFKC'));
}

/** `%text%` for ILIKE, with the pattern characters of the text taken literally. */
function substringPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface Built {
  where: SqlConditions;
  /** The tsquery parameter when the search is by the index (for ranking). */
  query: string | null;
}

function build(filter: PetitionFilter, p: string): Built {
  const w = new SqlConditions();
  let query: string | null = null;
  const text = filter.text?.trim() ?? '';
  if (text !== '') {
    if (singleCharacter(text)) {
      const pattern = w.param(substringPattern(text.normalize('NFKC')), 'text');
      w.add(`(${p}.number ILIKE ${pattern} OR ${p}.title ILIKE ${pattern} OR ${p}.content ILIKE ${pattern})`);
    } else {
      // A text without any letter, digit or ideograph has no query (NULL): it matches nothing.
      query = `app.search_query(${w.param(text, 'text')})`;
      w.add(`${p}.search @@ ${query}`);
    }
  }
  if (filter.stages !== undefined) w.add(`${p}.stage = ANY (${w.param([...filter.stages], 'text[]')})`);
  if (filter.open !== undefined) {
    w.add(filter.open ? `${p}.stage NOT IN ('closed', 'rejected')` : `${p}.stage IN ('closed', 'rejected')`);
  }
  if (filter.unit !== undefined) {
    const unit = w.param(filter.unit, 'text');
    w.add(`(${p}.lead_unit = ${unit} OR ${unit} = ANY (${p}.co_units))`);
  }
  if (filter.category !== undefined) w.add(`${p}.category_code = ${w.param(filter.category, 'text')}`);
  if (filter.area !== undefined) w.add(`${p}.area_code = ${w.param(filter.area, 'text')}`);
  if (filter.channel !== undefined) w.add(`${p}.channel = ${w.param(filter.channel, 'text')}`);
  if (filter.petitionerId !== undefined)
    w.add(`${p}.petitioner_id = ${w.param(filter.petitionerId, 'bigint')}`);
  if (filter.registeredFrom !== undefined)
    w.add(`${p}.registered_at >= ${w.param(filter.registeredFrom, 'timestamptz')}`);
  if (filter.registeredBefore !== undefined)
    w.add(`${p}.registered_at < ${w.param(filter.registeredBefore, 'timestamptz')}`);
  if (filter.repeat === true) w.add(`(${p}.repeat_count > 0 OR ${p}.repeat_of IS NOT NULL)`);
  if (filter.skipLevel === true) w.add(`${p}.skip_level`);
  if (filter.due !== undefined) {
    const { now, todayEnd, nearDueEnd } = filter.due.at;
    if (filter.due.status === 'overdue') w.add(dueBetween(p, null, w.param(now, 'timestamptz')));
    else if (filter.due.status === 'due_today') {
      w.add(dueBetween(p, w.param(now, 'timestamptz'), w.param(todayEnd, 'timestamptz')));
    } else {
      // Deadlines fall at the end of a day: "before the start of day N" is "at most the end of day N − 1".
      const after = w.param(new Date(Math.max(todayEnd.getTime(), now.getTime())), 'timestamptz');
      w.add(dueBetween(p, after, `${w.param(nearDueEnd, 'timestamptz')} - interval '1 millisecond'`));
    }
  }
  if (filter.scope !== undefined) scopeCondition(w, p, filter.scope);
  return { where: w, query };
}

function orderBy(filter: PetitionFilter, p: string, query: string | null): string {
  const sort = filter.sort;
  if (sort === undefined && query !== null) {
    return `ts_rank(${p}.search, ${query}) DESC, ${p}.registered_at DESC, ${p}.id DESC`;
  }
  const direction = sort?.order === 'asc' ? 'ASC' : 'DESC';
  if (sort?.field === 'dueAt') {
    // Petitions without a deadline in force come last either way.
    return `${currentDueSql(p)} ${direction} NULLS LAST, ${p}.id ${direction}`;
  }
  return `${p}.registered_at ${direction}, ${p}.id ${direction}`;
}

/** Petitions matching every given filter, a page of them in the order asked for, with the total count. */
export async function searchPetitions(
  db: Queryable,
  filter: PetitionFilter = {},
): Promise<{ items: Petition[]; total: number }> {
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), MAX_PAGE_SIZE);
  const offset = Math.max(Math.trunc(filter.offset ?? 0), 0);
  const { where, query } = build(filter, 'p');
  const page = new SqlConditions();
  page.values.push(...where.values);
  const limitParam = page.param(limit, 'int');
  const offsetParam = page.param(offset, 'int');
  // Two statements: the page stops early on an index, the count touches no row it does not need.
  const [rows, counted] = await Promise.all([
    db.query<PetitionRow>(
      `SELECT ${petitionColumns('p')} FROM app.petitions p
        WHERE ${where.where()}
        ORDER BY ${orderBy(filter, 'p', query)}
        LIMIT ${limitParam} OFFSET ${offsetParam}`,
      page.values,
    ),
    db.query<{ total: string }>(
      `SELECT count(*) AS total FROM app.petitions p WHERE ${where.where()}`,
      where.values,
    ),
  ]);
  return { items: rows.rows.map(toPetition), total: Number(counted.rows[0]?.total ?? 0) };
}
