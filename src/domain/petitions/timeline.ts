import { toId, type Queryable } from '../sql.js';
import type { Act } from './types.js';

/**
 * What happened to a petition. The repositories write: registered, repeat-linked (on the open
 * case), merged-as-repeat (on the repeat), triaged, stage-changed, deadline-set,
 * procedure-changed, process-started, rated. Other parts of the app add their own kinds
 * (letter-issued, notified, identity-viewed …).
 */
export interface TimelineEntry {
  id: number;
  petitionId: number;
  at: Date;
  kind: string;
  actor: string;
  detail: Record<string, unknown>;
}

interface TimelineRow {
  id: string;
  petition_id: string;
  at: Date;
  kind: string;
  actor: string;
  detail: Record<string, unknown>;
}

const toEntry = (row: TimelineRow): TimelineEntry => ({
  id: toId(row.id),
  petitionId: toId(row.petition_id),
  at: row.at,
  kind: row.kind,
  actor: row.actor,
  detail: row.detail,
});

export async function addTimelineEntry(
  db: Queryable,
  petitionId: number,
  kind: string,
  act: Act,
  detail: Record<string, unknown> = {},
): Promise<TimelineEntry> {
  const result = await db.query<TimelineRow>(
    `INSERT INTO app.timeline (petition_id, at, kind, actor, detail) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, petition_id, at, kind, actor, detail`,
    [petitionId, act.at, kind, act.actor, detail],
  );
  return toEntry(result.rows[0] as TimelineRow);
}

/** A petition's timeline, oldest first. */
export async function listTimeline(db: Queryable, petitionId: number): Promise<TimelineEntry[]> {
  const result = await db.query<TimelineRow>(
    `SELECT id, petition_id, at, kind, actor, detail FROM app.timeline WHERE petition_id = $1 ORDER BY at, id`,
    [petitionId],
  );
  return result.rows.map(toEntry);
}
