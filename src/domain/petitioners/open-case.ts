import { toId, type Queryable } from '../sql.js';
import { bigramJaccard, DEFAULT_SIMILARITY_THRESHOLD } from './similarity.js';

/** An open petition that a new one repeats. */
export interface OpenCase {
  id: number;
  number: string;
  title: string;
  /** Title similarity (character-bigram Jaccard, 0–1). */
  similarity: number;
}

export interface OpenCaseQuery {
  petitionerId: number;
  category: string;
  title: string;
}

/**
 * The open case a new petition repeats (信访工作条例 Art. 19: same petitioner, same matter,
 * while a case is open → no second case): an open petition of the same petitioner in the same
 * category whose title is at least `threshold` similar (see similarity.ts). The most similar
 * wins; between equals, the oldest. Petitions already merged into another are not candidates.
 */
export async function findOpenCaseFor(
  db: Queryable,
  query: OpenCaseQuery,
  threshold = DEFAULT_SIMILARITY_THRESHOLD,
): Promise<OpenCase | undefined> {
  const result = await db.query<{ id: string; number: string; title: string }>(
    `SELECT id, number, title FROM app.petitions
      WHERE petitioner_id = $1 AND category_code = $2 AND repeat_of IS NULL
        AND stage NOT IN ('closed', 'rejected')
      ORDER BY registered_at, id`,
    [query.petitionerId, query.category],
  );
  let best: OpenCase | undefined;
  for (const row of result.rows) {
    const similarity = bigramJaccard(query.title, row.title);
    if (similarity >= threshold && (best === undefined || similarity > best.similarity)) {
      best = { id: toId(row.id), number: row.number, title: row.title, similarity };
    }
  }
  return best;
}
