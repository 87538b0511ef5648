import type { Queryable } from '../sql.js';
import type { Line } from '../vocabulary.js';

export interface Category {
  code: string;
  name: string;
  line: Line;
  /** 检举控告: always routed to 纪委监委, never to the accused. */
  accusation: boolean;
}

interface CategoryRow {
  code: string;
  name: string;
  line: Line;
  accusation: boolean;
}

const toCategory = (row: CategoryRow): Category => ({
  code: row.code,
  name: row.name,
  line: row.line,
  accusation: row.accusation,
});

export async function listCategories(db: Queryable): Promise<Category[]> {
  const result = await db.query<CategoryRow>(
    'SELECT code, name, line, accusation FROM app.categories ORDER BY code',
  );
  return result.rows.map(toCategory);
}

export async function getCategory(db: Queryable, code: string): Promise<Category | undefined> {
  const result = await db.query<CategoryRow>(
    'SELECT code, name, line, accusation FROM app.categories WHERE code = $1',
    [code],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : toCategory(row);
}

export async function isKnownCategory(db: Queryable, code: string): Promise<boolean> {
  const result = await db.query('SELECT 1 FROM app.categories WHERE code = $1', [code]);
  return result.rowCount === 1;
}
