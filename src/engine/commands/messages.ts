// PublishMessage and message correlation. The message is stored (when it has a time-to-live) and
// the open subscriptions that can take it are read under the correlation lock; then each process
// gets the message at most once: in one waiting instance, or by a message start event.
import type { Variables } from '../api.js';
import { correlate, type CommandRunner } from '../command-runner.js';
import { alreadyExists, invalidArgument, notFound } from '../errors.js';
import { inTransaction, type Db } from '../store/db.js';
import type { DefinitionStore } from '../store/definitions.js';
import {
  bufferedMessageIdExists,
  candidateSubscriptions,
  insertMessage,
  lockCorrelation,
  messageStartedInstanceActive,
  recordCorrelation,
  startEventsFor,
  type StoredMessage,
} from '../store/messages.js';

export interface PublishRequest {
  name: string;
  correlationKey?: string;
  /** ms; 0 = correlate now or never. */
  timeToLive?: number;
  messageId?: string;
  variables: Variables;
}

interface Context {
  db: Db;
  runner: CommandRunner;
  definitions: DefinitionStore;
  now(): number;
}

/** Rolls back a correlation attempt whose subscription closed in the meantime. */
class SubscriptionGone extends Error {}

function check(request: PublishRequest): void {
  if (!request.name || request.name.trim() === '')
    throw invalidArgument('Expected a message name, but name is blank');
  if (request.timeToLive !== undefined && !(request.timeToLive >= 0)) {
    throw invalidArgument(`Expected timeToLive to be zero or more, but was '${request.timeToLive}'`);
  }
}

/** Delivers a message to one waiting instance of a process; false if none could take it. */
async function correlateToProcess(
  c: Context,
  message: StoredMessage,
  bpmnProcessId: string,
): Promise<string | undefined> {
  const tried = new Set<string>();
  for (;;) {
    const candidates = await c.db.query<{ key: number; process_instance_key: number }>(
      `SELECT key, process_instance_key FROM engine.message_subscriptions
       WHERE state = 'OPEN' AND message_name = $1 AND correlation_key = $2 AND bpmn_process_id = $3
       ORDER BY key`,
      [message.name, message.correlationKey, bpmnProcessId],
    );
    const next = candidates.rows.find((row) => !tried.has(String(row.key)));
    if (!next) return undefined;
    const subscriptionKey = String(next.key);
    const instanceKey = String(next.process_instance_key);
    tried.add(subscriptionKey);
    try {
      const delivered = await c.runner.onInstance(
        instanceKey,
        (runtime, isFirst: boolean) => {
          if (!isFirst) return false;
          const subscription = runtime.ctx.messageSubscriptions.get(subscriptionKey);
          if (!subscription || subscription.state !== 'OPEN') throw new SubscriptionGone();
          return correlate(runtime, subscription, message);
        },
        {
          prepare: async (tx) => {
            await lockCorrelation(tx, message.name, message.correlationKey);
            return recordCorrelation(tx, message.key, bpmnProcessId, instanceKey);
          },
        },
      );
      // Already correlated to this process (by a subscription that opened meanwhile): done.
      return delivered ? instanceKey : '';
    } catch (error) {
      if (error instanceof SubscriptionGone) continue;
      if ((error as { code?: unknown }).code === 'NOT_FOUND') continue;
      throw error;
    }
  }
}

async function startByMessage(
  c: Context,
  message: StoredMessage,
  start: { processDefinitionKey: string; bpmnProcessId: string; elementId: string },
): Promise<string | undefined> {
  const definition = await c.definitions.byKey(start.processDefinitionKey);
  const ctx = await c.runner
    .withRetry(() =>
      inTransaction(c.db, async (tx) => {
        await lockCorrelation(tx, message.name, message.correlationKey);
        // One active message-started instance per correlation key and process.
        if (
          message.correlationKey &&
          (await messageStartedInstanceActive(tx, start.bpmnProcessId, message.correlationKey))
        ) {
          return undefined;
        }
        const created = await c.runner.createInstanceIn(tx, definition, message.variables, {
          startEventId: start.elementId,
          startCorrelationKey: message.correlationKey || undefined,
        });
        if (!(await recordCorrelation(tx, message.key, start.bpmnProcessId, created.instance.key))) {
          throw new SubscriptionGone();
        }
        return created;
      }),
    )
    .catch((error: unknown) => {
      if (error instanceof SubscriptionGone) return undefined;
      throw error;
    });
  if (!ctx) return undefined;
  c.runner.afterCommit(ctx);
  return ctx.instance.key;
}

/** Publishes a message; returns its key and the instances it went to. */
export async function publishMessage(
  c: Context,
  request: PublishRequest,
): Promise<{ key: string; processInstanceKeys: string[] }> {
  check(request);
  const now = c.now();
  await c.runner.keys.ensure(1);
  const message: StoredMessage = {
    key: c.runner.keys.take(),
    name: request.name,
    correlationKey: request.correlationKey ?? '',
    messageId: request.messageId || null,
    variables: request.variables,
    expiresAt: now + (request.timeToLive ?? 0),
  };
  const { processes, starts } = await inTransaction(c.db, async (tx) => {
    await lockCorrelation(tx, message.name, message.correlationKey);
    if (message.messageId && (await bufferedMessageIdExists(tx, message.name, message.messageId, now))) {
      throw alreadyExists(
        `Expected to publish a new message with id '${message.messageId}', but a message with that id was already published`,
      );
    }
    if ((request.timeToLive ?? 0) > 0) await insertMessage(tx, message, now);
    const subscriptions = await candidateSubscriptions(tx, message.name, message.correlationKey);
    return {
      processes: [...new Set(subscriptions.map((s) => s.bpmnProcessId))],
      starts: await startEventsFor(tx, 'message', message.name),
    };
  });
  const reached: string[] = [];
  const served = new Set<string>();
  for (const bpmnProcessId of processes) {
    const instanceKey = await correlateToProcess(c, message, bpmnProcessId);
    if (instanceKey !== undefined) served.add(bpmnProcessId);
    if (instanceKey) reached.push(instanceKey);
  }
  for (const start of starts) {
    if (served.has(start.bpmnProcessId)) continue;
    const instanceKey = await startByMessage(c, message, start);
    if (instanceKey) reached.push(instanceKey);
  }
  return { key: message.key, processInstanceKeys: reached };
}

/** Correlates a message now (no buffering); NOT_FOUND when nothing takes it. */
export async function correlateMessage(
  c: Context,
  request: Omit<PublishRequest, 'timeToLive' | 'messageId'>,
): Promise<{ messageKey: string; processInstanceKey: string }> {
  const result = await publishMessage(c, { ...request, timeToLive: 0 });
  const processInstanceKey = result.processInstanceKeys[0];
  if (!processInstanceKey) {
    throw notFound(
      `Expected to find subscription for message with name '${request.name}' and correlation key '${request.correlationKey ?? ''}', but none was found.`,
    );
  }
  return { messageKey: result.key, processInstanceKey };
}
