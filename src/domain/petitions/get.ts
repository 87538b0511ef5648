import type { Queryable } from '../sql.js';
import { listTimeline, type TimelineEntry } from './timeline.js';
import { PETITION_COLUMNS, toPetition, type Petition, type PetitionRow } from './types.js';

export async function getPetition(db: Queryable, id: number): Promise<Petition | undefined> {
  const result = await db.query<PetitionRow>(`SELECT ${PETITION_COLUMNS} FROM app.petitions WHERE id = $1`, [
    id,
  ]);
  const row = result.rows[0];
  return row === undefined ? undefined : toPetition(row);
}

export async function getPetitionByNumber(db: Queryable, number: string): Promise<Petition | undefined> {
  const result = await db.query<PetitionRow>(
    `SELECT ${PETITION_COLUMNS} FROM app.petitions WHERE number = $1`,
    [number],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : toPetition(row);
}

/** The petitions with these numbers, by number, in one query (a task list names many). */
export async function getPetitionsByNumbers(
  db: Queryable,
  numbers: readonly string[],
): Promise<Map<string, Petition>> {
  if (numbers.length === 0) return new Map();
  const result = await db.query<PetitionRow>(
    `SELECT ${PETITION_COLUMNS} FROM app.petitions WHERE number = ANY($1::text[])`,
    [[...new Set(numbers)]],
  );
  return new Map(result.rows.map((row) => [row.number, toPetition(row)]));
}

/** A petition and its timeline, oldest entry first. */
export async function getPetitionWithTimeline(
  db: Queryable,
  id: number,
): Promise<{ petition: Petition; timeline: TimelineEntry[] } | undefined> {
  const petition = await getPetition(db, id);
  if (petition === undefined) return undefined;
  return { petition, timeline: await listTimeline(db, id) };
}
