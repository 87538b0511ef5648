// Published messages and their correlation. A message correlates at most once per process
// (bpmnProcessId), across versions; while its time-to-live runs, it waits in the buffer for a
// subscription to open. Publishing and opening a subscription for the same name and correlation
// key take one advisory lock, so neither can miss the other.
import type { Variables } from '../api.js';
import type { MessageSubscription } from '../runtime/state.js';
import type { Tx } from './db.js';

export interface StoredMessage {
  key: string;
  name: string;
  correlationKey: string;
  messageId: string | null;
  variables: Variables;
  expiresAt: number;
}

export async function lockCorrelation(tx: Tx, name: string, correlationKey: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`message\n${name}\n${correlationKey}`]);
}

/** The oldest live buffered message for a subscription not yet correlated to its process; claims it. */
export async function claimBufferedMessage(
  tx: Tx,
  subscription: MessageSubscription,
  now: number,
): Promise<StoredMessage | undefined> {
  const { rows } = await tx.query<{
    key: number;
    name: string;
    correlation_key: string;
    message_id: string | null;
    variables: Variables;
    expires_at: number;
  }>(
    `SELECT m.* FROM engine.messages m
     WHERE m.name = $1 AND m.correlation_key = $2 AND m.expires_at > $3
       AND NOT EXISTS (SELECT 1 FROM engine.message_correlations c
                       WHERE c.message_key = m.key AND c.bpmn_process_id = $4)
     ORDER BY m.key LIMIT 1`,
    [subscription.messageName, subscription.correlationKey, now, subscription.bpmnProcessId],
  );
  const row = rows[0];
  if (!row) return undefined;
  await recordCorrelation(tx, String(row.key), subscription.bpmnProcessId, subscription.processInstanceKey);
  return {
    key: String(row.key),
    name: row.name,
    correlationKey: row.correlation_key,
    messageId: row.message_id,
    variables: row.variables,
    expiresAt: row.expires_at,
  };
}

/** Marks a message as correlated to a process; false when it already was. */
export async function recordCorrelation(
  tx: Tx,
  messageKey: string,
  bpmnProcessId: string,
  processInstanceKey: string,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO engine.message_correlations (message_key, bpmn_process_id, process_instance_key)
     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [messageKey, bpmnProcessId, processInstanceKey],
  );
  return rowCount === 1;
}

export async function bufferedMessageIdExists(
  tx: Tx,
  name: string,
  messageId: string,
  now: number,
): Promise<boolean> {
  const { rows } = await tx.query(
    'SELECT 1 FROM engine.messages WHERE name = $1 AND message_id = $2 AND expires_at > $3 LIMIT 1',
    [name, messageId, now],
  );
  return rows.length > 0;
}

export async function insertMessage(tx: Tx, message: StoredMessage, publishedAt: number): Promise<void> {
  await tx.query(
    `INSERT INTO engine.messages (key, name, correlation_key, message_id, variables, published_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      message.key,
      message.name,
      message.correlationKey,
      message.messageId,
      JSON.stringify(message.variables),
      publishedAt,
      message.expiresAt,
    ],
  );
}

/** Open subscriptions for a message: the oldest one of each process. */
export async function candidateSubscriptions(
  tx: Tx,
  name: string,
  correlationKey: string,
): Promise<{ key: string; processInstanceKey: string; bpmnProcessId: string }[]> {
  const { rows } = await tx.query<{ key: number; process_instance_key: number; bpmn_process_id: string }>(
    `SELECT DISTINCT ON (bpmn_process_id) key, process_instance_key, bpmn_process_id
     FROM engine.message_subscriptions
     WHERE state = 'OPEN' AND message_name = $1 AND correlation_key = $2
     ORDER BY bpmn_process_id, key`,
    [name, correlationKey],
  );
  return rows.map((row) => ({
    key: String(row.key),
    processInstanceKey: String(row.process_instance_key),
    bpmnProcessId: row.bpmn_process_id,
  }));
}

export interface StartEventRow {
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
}

export async function startEventsFor(
  tx: Tx,
  kind: 'message' | 'signal',
  name: string,
): Promise<StartEventRow[]> {
  const { rows } = await tx.query<{
    process_definition_key: number;
    bpmn_process_id: string;
    element_id: string;
  }>(
    'SELECT process_definition_key, bpmn_process_id, element_id FROM engine.start_events WHERE kind = $1 AND name = $2 ORDER BY bpmn_process_id',
    [kind, name],
  );
  return rows.map((row) => ({
    processDefinitionKey: String(row.process_definition_key),
    bpmnProcessId: row.bpmn_process_id,
    elementId: row.element_id,
  }));
}

/** Whether an instance of the process started by a message with this correlation key is still active. */
export async function messageStartedInstanceActive(
  tx: Tx,
  bpmnProcessId: string,
  correlationKey: string,
): Promise<boolean> {
  const { rows } = await tx.query(
    `SELECT 1 FROM engine.process_instances
     WHERE bpmn_process_id = $1 AND start_correlation_key = $2 AND state = 'ACTIVE' LIMIT 1`,
    [bpmnProcessId, correlationKey],
  );
  return rows.length > 0;
}

export async function deleteExpiredMessages(db: Tx | import('./db.js').Db, now: number): Promise<number> {
  const { rowCount } = await db.query(`DELETE FROM engine.messages m WHERE m.expires_at <= $1`, [now]);
  return rowCount ?? 0;
}
