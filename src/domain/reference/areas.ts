import type { Queryable } from '../sql.js';

/** 镇 / 乡 / 街道. */
export type AreaKind = 'town' | 'township' | 'street';

export interface Area {
  code: string;
  name: string;
  kind: AreaKind;
}

export async function listAreas(db: Queryable): Promise<Area[]> {
  const result = await db.query<Area>('SELECT code, name, kind FROM app.areas ORDER BY code');
  return result.rows.map(({ code, name, kind }) => ({ code, name, kind }));
}

export async function getArea(db: Queryable, code: string): Promise<Area | undefined> {
  const result = await db.query<Area>('SELECT code, name, kind FROM app.areas WHERE code = $1', [code]);
  const row = result.rows[0];
  return row === undefined ? undefined : { code: row.code, name: row.name, kind: row.kind };
}

export async function isKnownArea(db: Queryable, code: string): Promise<boolean> {
  const result = await db.query('SELECT 1 FROM app.areas WHERE code = $1', [code]);
  return result.rowCount === 1;
}
