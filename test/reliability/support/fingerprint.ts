// The row counts of every table in a schema, as one comparable string: equal before and after a
// rejected request means the request stored nothing.
import type pg from 'pg';

export async function fingerprint(
  db: pg.Pool,
  schema: string,
  except: readonly string[] = [],
): Promise<string> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($2)) ORDER BY 1`,
    [schema, except],
  );
  if (tables.length === 0) throw new Error(`schema ${schema} has no tables`);
  const { rows } = await db.query<{ counts: string }>(
    `SELECT concat_ws(' ', ${tables
      .map((t) => `'${t.name}=' || (SELECT count(*) FROM ${schema}."${t.name}")`)
      .join(', ')}) AS counts`,
  );
  return rows[0]!.counts;
}

export const engineFingerprint = (db: pg.Pool) => fingerprint(db, 'engine');
