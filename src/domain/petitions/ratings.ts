import { invalidInput } from '../errors.js';
import { toId, type Queryable } from '../sql.js';
import { RATING_STAGES, RATINGS, type Rating, type RatingStage } from '../vocabulary.js';
import type { Act } from './types.js';

/** 满意度评价: one rating per stage per return visit; a later rating of a stage supersedes earlier ones. */
export interface PetitionRating {
  id: number;
  petitionId: number;
  stage: RatingStage;
  rating: Rating;
  at: Date;
  by: string;
}

interface RatingRow {
  id: string;
  petition_id: string;
  stage: RatingStage;
  rating: Rating;
  at: Date;
  by: string;
}

const toRating = (row: RatingRow): PetitionRating => ({
  id: toId(row.id),
  petitionId: toId(row.petition_id),
  stage: row.stage,
  rating: row.rating,
  at: row.at,
  by: row.by,
});

/** Records a rating and its `rated` timeline entry. `act.actor` is who recorded it (the return-visit clerk). */
export async function recordRating(
  db: Queryable,
  petitionId: number,
  rating: { stage: RatingStage; rating: Rating },
  act: Act,
): Promise<PetitionRating> {
  if (!RATING_STAGES.includes(rating.stage) || !RATINGS.includes(rating.rating)) {
    throw invalidInput(
      `无效的满意度评价：${String(rating.stage)} / ${String(rating.rating)}`,
      `Invalid rating ${String(rating.stage)} / ${String(rating.rating)}`,
    );
  }
  const result = await db.query<RatingRow>(
    `WITH rated AS (
       INSERT INTO app.ratings (petition_id, stage, rating, at, by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, petition_id, stage, rating, at, by
     ), logged AS (
       INSERT INTO app.timeline (petition_id, at, kind, actor, detail)
       SELECT petition_id, at, 'rated', by, jsonb_build_object('stage', stage, 'rating', rating) FROM rated
     )
     SELECT id, petition_id, stage, rating, at, by FROM rated`,
    [petitionId, rating.stage, rating.rating, act.at, act.actor],
  );
  return toRating(result.rows[0] as RatingRow);
}

/** A petition's ratings, oldest first. */
export async function listRatings(db: Queryable, petitionId: number): Promise<PetitionRating[]> {
  const result = await db.query<RatingRow>(
    'SELECT id, petition_id, stage, rating, at, by FROM app.ratings WHERE petition_id = $1 ORDER BY at, id',
    [petitionId],
  );
  return result.rows.map(toRating);
}
