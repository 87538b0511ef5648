// SQL for the outbox app.notifications: one small function per statement. Every instant is bound
// by the caller; none comes from the database's clock.
import type pg from 'pg';
import type { Channel, Notification, NotificationStatus } from './types.js';

export type Queryable = pg.Pool | pg.PoolClient;

interface NotificationRow {
  id: string;
  petition_id: string;
  petition_number: string | null;
  channel: Channel;
  recipient: string;
  template: string;
  params: Record<string, unknown>;
  body: string;
  status: NotificationStatus;
  attempts: number;
  last_error: string | null;
  idempotency_key: string;
  created_at: Date;
  next_attempt_at: Date;
  sent_at: Date | null;
}

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    petitionId: row.petition_id,
    petitionNumber: row.petition_number,
    channel: row.channel,
    recipient: row.recipient,
    template: row.template,
    params: row.params,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at.toISOString(),
    nextAttemptAt: row.next_attempt_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}

const first = (result: pg.QueryResult<NotificationRow>) => {
  const row = result.rows[0];
  return row === undefined ? undefined : toNotification(row);
};

export interface NewNotificationRow {
  petitionId: string;
  petitionNumber: string | null;
  channel: Channel;
  recipient: string;
  template: string;
  params: Record<string, unknown>;
  body: string;
  idempotencyKey: string;
  at: Date;
}

/** Queues the notification, due at once; undefined when its idempotency key is already queued. */
export async function insertNotification(
  db: Queryable,
  n: NewNotificationRow,
): Promise<Notification | undefined> {
  return first(
    await db.query<NotificationRow>(
      `INSERT INTO app.notifications (petition_id, petition_number, channel, recipient, template, params,
         body, idempotency_key, created_at, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING *`,
      [
        n.petitionId,
        n.petitionNumber,
        n.channel,
        n.recipient,
        n.template,
        JSON.stringify(n.params),
        n.body,
        n.idempotencyKey,
        n.at,
      ],
    ),
  );
}

export async function selectNotification(db: Queryable, id: string): Promise<Notification | undefined> {
  return first(await db.query<NotificationRow>('SELECT * FROM app.notifications WHERE id = $1', [id]));
}

export async function selectNotificationByKey(db: Queryable, key: string): Promise<Notification | undefined> {
  return first(
    await db.query<NotificationRow>('SELECT * FROM app.notifications WHERE idempotency_key = $1', [key]),
  );
}

export async function selectNotifications(
  db: Queryable,
  filter: { petitionId?: string; status?: NotificationStatus },
): Promise<Notification[]> {
  const result = await db.query<NotificationRow>(
    `SELECT * FROM app.notifications
     WHERE ($1::bigint IS NULL OR petition_id = $1) AND ($2::text IS NULL OR status = $2)
     ORDER BY id`,
    [filter.petitionId ?? null, filter.status ?? null],
  );
  return result.rows.map(toNotification);
}

/**
 * Claims up to `limit` notifications due at `now` — pending ones, and sending ones whose claim
 * has expired — in one statement: each becomes `sending` with one more attempt and a claim that
 * expires at `claimUntil`. Rows locked by a concurrent claim are skipped, and a row claimed
 * meanwhile no longer matches, so no two dispatchers hold one notification. A row with no
 * attempts left (its last try never reported back) becomes `failed` instead; only the claimed
 * rows are returned.
 */
export async function claimDue(
  db: Queryable,
  options: { now: Date; claimUntil: Date; limit: number; maxAttempts: number },
): Promise<Notification[]> {
  const result = await db.query<NotificationRow>(
    `UPDATE app.notifications AS n
     SET status = CASE WHEN n.attempts >= $4 THEN 'failed' ELSE 'sending' END,
         attempts = CASE WHEN n.attempts >= $4 THEN n.attempts ELSE n.attempts + 1 END,
         last_error = CASE WHEN n.attempts >= $4
           THEN 'the last attempt did not report back (dispatcher stopped or hung); no attempts left'
           ELSE n.last_error END,
         next_attempt_at = $2
     FROM (
       SELECT id FROM app.notifications
       WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1
       ORDER BY next_attempt_at, id
       LIMIT $3
       FOR UPDATE SKIP LOCKED
     ) AS due
     WHERE n.id = due.id
     RETURNING n.*`,
    [options.now, options.claimUntil, options.limit, options.maxAttempts],
  );
  return result.rows.filter((row) => row.status === 'sending').map(toNotification);
}

/** Records a delivery. A delivery counts whatever became of the claim meanwhile. */
export async function markSent(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE app.notifications SET status = 'sent', sent_at = $2, next_attempt_at = $2
     WHERE id = $1 AND status <> 'sent'`,
    [id, at],
  );
}

/**
 * Records a failed attempt: back to pending until `retryAt`, or failed when `retryAt` is null.
 * Only while the claim is still this attempt's (another dispatcher may have taken it over).
 */
export async function markAttemptFailed(
  db: Queryable,
  id: string,
  attempt: number,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db.query(
    `UPDATE app.notifications
     SET status = CASE WHEN $4::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
         last_error = $3,
         next_attempt_at = coalesce($4::timestamptz, next_attempt_at)
     WHERE id = $1 AND status = 'sending' AND attempts = $2`,
    [id, attempt, error, retryAt],
  );
}
