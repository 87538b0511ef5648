// BroadcastSignal. One transaction turns the broadcast into a pending command per receiving
// instance and per signal start event; the dispatcher then delivers each exactly once, so a
// crash half-way through a broadcast loses no receiver.
import type { Variables } from '../api.js';
import { invalidArgument } from '../errors.js';
import type { Runtime } from '../runtime/runtime.js';
import type { PendingCommand } from '../runtime/state.js';
import { triggerEvent } from '../runtime/triggers.js';
import type { Tx } from '../store/db.js';
import { startEventsFor } from '../store/messages.js';
import { appendRecords } from '../store/record-batches.js';
import { insertRows } from '../store/rows.js';

export function checkSignal(signalName: string): void {
  if (!signalName || signalName.trim() === '')
    throw invalidArgument('Expected a signal name, but signalName is blank');
}

/** Writes one pending delivery per receiver; returns how many. */
export async function fanOutSignal(
  tx: Tx,
  signal: { key: string; signalName: string; variables: Variables },
  now: number,
): Promise<number> {
  const { rows } = await tx.query<{ process_instance_key: number }>(
    `SELECT DISTINCT process_instance_key FROM engine.signal_subscriptions WHERE state = 'OPEN' AND signal_name = $1`,
    [signal.signalName],
  );
  const commands: PendingCommand[] = rows.map((row) => ({
    kind: 'deliverSignal',
    processInstanceKey: String(row.process_instance_key),
    signalName: signal.signalName,
    variables: signal.variables,
  }));
  for (const start of await startEventsFor(tx, 'signal', signal.signalName)) {
    commands.push({
      kind: 'startBySignal',
      processInstanceKey: null,
      processDefinitionKey: start.processDefinitionKey,
      elementId: start.elementId,
      variables: signal.variables,
    });
  }
  await insertRows(
    tx,
    'engine.pending_commands',
    { process_instance_key: 'bigint', command: 'jsonb', created_at: 'bigint' },
    commands.map((command) => ({
      process_instance_key: command.processInstanceKey,
      command,
      created_at: now,
    })),
  );
  await appendRecords(tx, [
    {
      key: signal.key,
      valueType: 'SIGNAL',
      intent: 'BROADCASTED',
      processInstanceKey: null,
      timestamp: now,
      value: { signalName: signal.signalName, receivers: commands.length },
    },
  ]);
  return commands.length;
}

/** Delivers a signal to every subscription of the instance that was open when it arrived. */
export function deliverSignal(runtime: Runtime, signalName: string, variables: Variables): void {
  const { ctx } = runtime;
  const receivers = [...ctx.signalSubscriptions.rows.values()].filter(
    (subscription) => subscription.state === 'OPEN' && subscription.signalName === signalName,
  );
  for (const subscription of receivers) {
    if (subscription.state !== 'OPEN') continue;
    if (subscription.interrupting) {
      subscription.state = 'CLOSED';
      ctx.signalSubscriptions.touch(subscription);
    }
    triggerEvent(runtime, subscription.elementInstanceKey, subscription.elementId, variables);
  }
}
