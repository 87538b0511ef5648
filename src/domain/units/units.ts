import type { Queryable } from '../sql.js';
import type { UnitKind } from '../vocabulary.js';

// The kinds of unit are part of the shared vocabulary (the web pages use them too).
export { UNIT_KINDS, type UnitKind } from '../vocabulary.js';

export interface Unit {
  code: string;
  name: string;
  kind: UnitKind;
  /** The unit that leads this one's line of work (the 政法委 for courts and police), if any. */
  parentCode: string | null;
  active: boolean;
}

interface UnitRow {
  code: string;
  name: string;
  kind: UnitKind;
  parent_code: string | null;
  active: boolean;
}

const COLUMNS = 'code, name, kind, parent_code, active';

const toUnit = (row: UnitRow): Unit => ({
  code: row.code,
  name: row.name,
  kind: row.kind,
  parentCode: row.parent_code,
  active: row.active,
});

/** Units by code; inactive ones only when asked for. */
export async function listUnits(
  db: Queryable,
  options: { kind?: UnitKind; includeInactive?: boolean } = {},
): Promise<Unit[]> {
  const result = await db.query<UnitRow>(
    `SELECT ${COLUMNS} FROM app.units
      WHERE ($1::text IS NULL OR kind = $1) AND (active OR $2)
      ORDER BY code`,
    [options.kind ?? null, options.includeInactive ?? false],
  );
  return result.rows.map(toUnit);
}

export async function getUnit(db: Queryable, code: string): Promise<Unit | undefined> {
  const result = await db.query<UnitRow>(`SELECT ${COLUMNS} FROM app.units WHERE code = $1`, [code]);
  const row = result.rows[0];
  return row === undefined ? undefined : toUnit(row);
}

/** The active unit of a kind that exists once per county (office, law, discipline, recheck). */
export async function soleUnitOfKind(db: Queryable, kind: UnitKind): Promise<Unit | undefined> {
  const result = await db.query<UnitRow>(
    `SELECT ${COLUMNS} FROM app.units WHERE kind = $1 AND active ORDER BY code LIMIT 1`,
    [kind],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : toUnit(row);
}

/** Codes among `codes` that name no active unit. */
export async function unknownUnitCodes(db: Queryable, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const result = await db.query<{ code: string }>(
    `SELECT code FROM unnest($1::text[]) AS wanted(code)
      WHERE NOT EXISTS (SELECT 1 FROM app.units u WHERE u.code = wanted.code AND u.active)`,
    [codes],
  );
  return result.rows.map((row) => row.code);
}
