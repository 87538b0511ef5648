// Writes many rows with one statement: rows travel as one JSON parameter and are spread into
// columns by jsonb_to_recordset, so a command's changes to a table cost one round trip.
import type { Tx } from './db.js';

export type ColumnType = 'bigint' | 'int' | 'text' | 'jsonb' | 'boolean';
export type Columns = Record<string, ColumnType>;

/** Inserts rows, or updates every given column when the primary key `key` exists. */
export async function upsertRows(
  tx: Tx,
  table: string,
  columns: Columns,
  rows: Record<string, unknown>[],
  conflictKey = 'key',
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const recordType = names.map((name) => `${name} ${columns[name]}`).join(', ');
  const updates = names
    .filter((name) => name !== conflictKey)
    .map((name) => `${name} = EXCLUDED.${name}`)
    .join(', ');
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType})
     ON CONFLICT (${conflictKey}) DO UPDATE SET ${updates}`,
    [JSON.stringify(rows)],
  );
}

/** Appends rows (no conflict handling): for the record stream. */
export async function insertRows(
  tx: Tx,
  table: string,
  columns: Columns,
  rows: Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const recordType = names.map((name) => `${name} ${columns[name]}`).join(', ');
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType})`,
    [JSON.stringify(rows)],
  );
}
