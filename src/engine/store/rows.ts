// Writes many rows with one statement: rows travel as one JSON parameter per table and are spread
// into columns by json_to_recordset (plain json: unlike jsonb, the text is not first rebuilt into a
// binary document, which made the engine's writes about a tenth slower). Several tables go in one
// statement too (data-modifying CTEs), so a whole command's changes cost one round trip.
import type { Tx } from './db.js';

export type ColumnType = 'bigint' | 'int' | 'text' | 'json' | 'jsonb' | 'boolean';
export type Columns = Record<string, ColumnType>;

export interface TableWrite {
  table: string;
  columns: Columns;
  rows: Record<string, unknown>[];
  /** Insert, or update every given column when the primary key `key` exists; else append only. */
  upsert: boolean;
}

/** `rows` is where the JSON array comes from: a parameter ($1) or a literal. */
function insertStatement(write: TableWrite, rows: string): string {
  const names = Object.keys(write.columns);
  const recordType = names.map((name) => `${name} ${write.columns[name]}`).join(', ');
  const insert = `INSERT INTO ${write.table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM json_to_recordset(${rows}::json) AS r(${recordType})`;
  if (!write.upsert) return insert;
  const updates = names
    .filter((name) => name !== 'key')
    .map((name) => `${name} = EXCLUDED.${name}`)
    .join(', ');
  return `${insert} ON CONFLICT (key) DO UPDATE SET ${updates}`;
}

function combined(statements: string[]): string {
  const last = statements.pop()!;
  return statements.length === 0
    ? last
    : `WITH ${statements.map((s, i) => `w${i} AS (${s})`).join(',\n')}\n${last}`;
}

/**
 * Writes to every table given, rows or none, as one named statement: the same tables give the
 * same text, which each connection then plans only once.
 */
export async function writeAllRows(tx: Tx, name: string, writes: TableWrite[]): Promise<void> {
  await tx.query({
    name,
    text: combined(writes.map((write, index) => insertStatement(write, `$${index + 1}`))),
    values: writes.map((write) => JSON.stringify(write.rows)),
  });
}

/** Writes to several tables in one statement; tables without rows are left out. */
export async function writeRows(tx: Tx, writes: TableWrite[]): Promise<void> {
  const present = writes.filter((write) => write.rows.length > 0);
  if (present.length === 0) return;
  await tx.query(
    combined(present.map((write, index) => insertStatement(write, `$${index + 1}`))),
    present.map((write) => JSON.stringify(write.rows)),
  );
}

/** Inserts rows, or updates every given column when the primary key `key` exists. */
export function upsertRows(
  tx: Tx,
  table: string,
  columns: Columns,
  rows: Record<string, unknown>[],
): Promise<void> {
  return writeRows(tx, [{ table, columns, rows, upsert: true }]);
}

/** Appends rows (no conflict handling): for the record stream. */
export function insertRows(
  tx: Tx,
  table: string,
  columns: Columns,
  rows: Record<string, unknown>[],
): Promise<void> {
  return writeRows(tx, [{ table, columns, rows, upsert: false }]);
}
