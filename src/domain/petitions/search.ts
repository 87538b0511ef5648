import type { Queryable } from '../sql.js';
import type { Channel, Stage } from '../vocabulary.js';
import { PETITION_COLUMNS, toPetition, type Petition, type PetitionRow } from './types.js';

export interface PetitionFilter {
  /** Words to find in the number, title or content (case-insensitive substring). */
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
  /** Page size, 1–200 (default 50). */
  limit?: number | undefined;
  offset?: number | undefined;
}

export const MAX_PAGE_SIZE = 200;

/** `%text%` for ILIKE, with the pattern characters of the text taken literally. */
function substringPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Petitions matching every given filter, newest registration first, with the total count. */
export async function searchPetitions(
  db: Queryable,
  filter: PetitionFilter = {},
): Promise<{ items: Petition[]; total: number }> {
  const text = filter.text?.trim();
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), MAX_PAGE_SIZE);
  const offset = Math.max(Math.trunc(filter.offset ?? 0), 0);
  const result = await db.query<PetitionRow & { total: string }>(
    `SELECT ${PETITION_COLUMNS}, count(*) OVER () AS total FROM app.petitions
      WHERE ($1::text IS NULL OR number ILIKE $1 OR title ILIKE $1 OR content ILIKE $1)
        AND ($2::text[] IS NULL OR stage = ANY ($2))
        AND ($3::boolean IS NULL OR (stage NOT IN ('closed', 'rejected')) = $3)
        AND ($4::text IS NULL OR lead_unit = $4 OR $4 = ANY (co_units))
        AND ($5::text IS NULL OR category_code = $5)
        AND ($6::text IS NULL OR area_code = $6)
        AND ($7::text IS NULL OR channel = $7)
        AND ($8::bigint IS NULL OR petitioner_id = $8)
        AND ($9::timestamptz IS NULL OR registered_at >= $9)
        AND ($10::timestamptz IS NULL OR registered_at < $10)
      ORDER BY registered_at DESC, id DESC
      LIMIT $11 OFFSET $12`,
    [
      text === undefined || text === '' ? null : substringPattern(text),
      filter.stages === undefined ? null : [...filter.stages],
      filter.open ?? null,
      filter.unit ?? null,
      filter.category ?? null,
      filter.area ?? null,
      filter.channel ?? null,
      filter.petitionerId ?? null,
      filter.registeredFrom ?? null,
      filter.registeredBefore ?? null,
      limit,
      offset,
    ],
  );
  const first = result.rows[0];
  let total = first === undefined ? 0 : Number(first.total);
  if (first === undefined && offset > 0) {
    // Past the last page: count without the page.
    const counted = await searchPetitions(db, { ...filter, limit: 1, offset: 0 });
    total = counted.total;
  }
  return { items: result.rows.map(toPetition), total };
}
