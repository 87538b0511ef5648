// SQL of the process-start outbox (app.process_starts). The petition row itself says whether a
// start is due: open, not merged as a repeat, and no process instance key yet. The outbox row
// holds the claim and the retry schedule, so a start is attempted by one dispatcher at a time and
// retried with back-off until the engine has it.
import type { Queryable } from '../../domain/sql.js';
import { toId } from '../../domain/sql.js';

export interface ClaimedStart {
  petitionId: number;
  /** Attempts including this one. */
  attempts: number;
}

/**
 * Claims due starts until `claimUntil`: petitions that need a process and are not claimed by
 * another dispatcher nor waiting for their next attempt. One statement: a petition seen for the
 * first time gets its row here. With `petitionId`, only that petition (the registering request).
 */
export async function claimProcessStarts(
  db: Queryable,
  options: { now: Date; claimUntil: Date; limit: number; petitionId?: number },
): Promise<ClaimedStart[]> {
  const result = await db.query<{ petition_id: string; attempts: number }>(
    `WITH due AS (
       SELECT p.id FROM app.petitions p
       LEFT JOIN app.process_starts s ON s.petition_id = p.id
       WHERE p.process_instance_key IS NULL AND p.repeat_of IS NULL
         AND p.stage NOT IN ('closed', 'rejected')
         AND ($4::bigint IS NULL OR p.id = $4)
         AND (s.petition_id IS NULL
              OR (s.next_attempt_at <= $1 AND (s.claimed_until IS NULL OR s.claimed_until <= $1)))
       ORDER BY p.id
       LIMIT $3
     )
     INSERT INTO app.process_starts AS s (petition_id, attempts, next_attempt_at, claimed_until, created_at)
     SELECT id, 1, $1, $2, $1 FROM due
     ON CONFLICT (petition_id) DO UPDATE SET attempts = s.attempts + 1, claimed_until = EXCLUDED.claimed_until
       WHERE s.started_at IS NULL AND s.next_attempt_at <= $1
         AND (s.claimed_until IS NULL OR s.claimed_until <= $1)
     RETURNING petition_id, attempts`,
    [options.now, options.claimUntil, options.limit, options.petitionId ?? null],
  );
  return result.rows.map((row) => ({ petitionId: toId(row.petition_id), attempts: row.attempts }));
}

export async function markProcessStarted(
  db: Queryable,
  petitionId: number,
  outcome: { now: Date; processInstanceKey: string },
): Promise<void> {
  await db.query(
    `UPDATE app.process_starts SET started_at = $2, process_instance_key = $3, claimed_until = NULL, last_error = NULL
     WHERE petition_id = $1`,
    [petitionId, outcome.now, outcome.processInstanceKey],
  );
}

export async function markProcessStartFailed(
  db: Queryable,
  petitionId: number,
  outcome: { nextAttemptAt: Date; error: string },
): Promise<void> {
  await db.query(
    `UPDATE app.process_starts SET next_attempt_at = $2, last_error = $3, claimed_until = NULL
     WHERE petition_id = $1`,
    [petitionId, outcome.nextAttemptAt, outcome.error],
  );
}

export interface PendingStart {
  petitionId: number;
  petitionNumber: string;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
}

/** Petitions still waiting for their process, oldest first (for operators and tests). */
export async function listPendingStarts(db: Queryable): Promise<PendingStart[]> {
  const result = await db.query<{
    id: string;
    number: string;
    attempts: number | null;
    next_attempt_at: Date | null;
    last_error: string | null;
  }>(
    `SELECT p.id, p.number, s.attempts, s.next_attempt_at, s.last_error
     FROM app.petitions p LEFT JOIN app.process_starts s ON s.petition_id = p.id
     WHERE p.process_instance_key IS NULL AND p.repeat_of IS NULL AND p.stage NOT IN ('closed', 'rejected')
     ORDER BY p.id`,
  );
  return result.rows.map((row) => ({
    petitionId: toId(row.id),
    petitionNumber: row.number,
    attempts: row.attempts ?? 0,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
  }));
}
