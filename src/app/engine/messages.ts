// SQL of the message outbox (app.engine_messages): messages for running processes, kept until the
// engine has accepted them.
import type { Queryable } from '../../domain/sql.js';
import { toId } from '../../domain/sql.js';

export interface OutgoingMessage {
  id: number;
  name: string;
  correlationKey: string;
  variables: Record<string, unknown>;
  messageId: string;
  attempts: number;
  /** For the log: the petition the message is about, and its process instance, when known. */
  petitionNumber: string | null;
  processInstanceKey: string | null;
}

interface MessageRow {
  id: string;
  name: string;
  correlation_key: string;
  variables: Record<string, unknown>;
  message_id: string;
  attempts: number;
  petition_number: string | null;
  process_instance_key: string | null;
}

const toMessage = (row: MessageRow): OutgoingMessage => ({
  id: toId(row.id),
  name: row.name,
  correlationKey: row.correlation_key,
  variables: row.variables,
  messageId: row.message_id,
  attempts: row.attempts,
  petitionNumber: row.petition_number,
  processInstanceKey: row.process_instance_key,
});

/** Stores a message to publish; the same message id stored twice is one message. Returns its id. */
export async function enqueueMessage(
  db: Queryable,
  message: {
    name: string;
    correlationKey: string;
    variables: Record<string, unknown>;
    messageId: string;
    petitionId?: number;
    now: Date;
  },
): Promise<number> {
  const result = await db.query<{ id: string }>(
    `WITH inserted AS (
       INSERT INTO app.engine_messages (name, correlation_key, variables, message_id, petition_id, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (message_id) DO NOTHING
       RETURNING id
     )
     SELECT id FROM inserted
     UNION ALL
     SELECT id FROM app.engine_messages WHERE message_id = $4 AND NOT EXISTS (SELECT 1 FROM inserted)`,
    [
      message.name,
      message.correlationKey,
      message.variables,
      message.messageId,
      message.petitionId ?? null,
      message.now,
    ],
  );
  return toId((result.rows[0] as { id: string }).id);
}

/** Claims unpublished messages that are due, oldest first; with `id`, only that one. */
export async function claimMessages(
  db: Queryable,
  options: { now: Date; claimUntil: Date; limit: number; id?: number },
): Promise<OutgoingMessage[]> {
  const result = await db.query<MessageRow>(
    `WITH due AS (
       SELECT id FROM app.engine_messages
       WHERE published_at IS NULL AND next_attempt_at <= $1
         AND (claimed_until IS NULL OR claimed_until <= $1)
         AND ($4::bigint IS NULL OR id = $4)
       ORDER BY next_attempt_at, id
       LIMIT $3
       FOR UPDATE SKIP LOCKED
     )
     UPDATE app.engine_messages m SET attempts = m.attempts + 1, claimed_until = $2
     FROM due WHERE m.id = due.id
     RETURNING m.id, m.name, m.correlation_key, m.variables, m.message_id, m.attempts,
       (SELECT p.number FROM app.petitions p WHERE p.id = m.petition_id) AS petition_number,
       (SELECT p.process_instance_key FROM app.petitions p WHERE p.id = m.petition_id)
         AS process_instance_key`,
    [options.now, options.claimUntil, options.limit, options.id ?? null],
  );
  return result.rows.map(toMessage);
}

export async function markMessagePublished(db: Queryable, id: number, now: Date): Promise<void> {
  await db.query(
    'UPDATE app.engine_messages SET published_at = $2, claimed_until = NULL, last_error = NULL WHERE id = $1',
    [id, now],
  );
}

export async function markMessageFailed(
  db: Queryable,
  id: number,
  outcome: { nextAttemptAt: Date; error: string },
): Promise<void> {
  await db.query(
    'UPDATE app.engine_messages SET next_attempt_at = $2, last_error = $3, claimed_until = NULL WHERE id = $1',
    [id, outcome.nextAttemptAt, outcome.error],
  );
}

/** Whether the message with this id has reached the engine. */
export async function isMessagePublished(db: Queryable, messageId: string): Promise<boolean> {
  const result = await db.query(
    'SELECT 1 FROM app.engine_messages WHERE message_id = $1 AND published_at IS NOT NULL',
    [messageId],
  );
  return result.rowCount === 1;
}
