// Message, signal and timer start events belong to the latest version of a process: deploying a
// new version replaces the previous version's start subscriptions and start timers.
import { evaluateFeel } from '../feel/index.js';
import { invalidArgument } from '../errors.js';
import type { Expr, ProcessGraph } from '../model/types.js';
import { planTimer, TimerExpressionError } from '../timers/index.js';
import type { Tx } from './db.js';
import { timerColumns } from './instance-store.js';
import { upsertRows } from './rows.js';

/** Start events are evaluated without variables: there is no instance yet. */
function staticText(expr: Expr, now: number, elementId: string): string {
  if (expr.kind === 'static') return expr.value;
  const value = evaluateFeel(expr.source, {}, now);
  if (typeof value !== 'string') {
    throw invalidArgument(
      `Expected the expression of start event '${elementId}' to give a string, but it gave ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export async function registerStartEvents(
  tx: Tx,
  graph: ProcessGraph,
  processDefinitionKey: string,
  newKey: () => string,
  now: number,
): Promise<void> {
  const bpmnProcessId = graph.bpmnProcessId;
  await tx.query('DELETE FROM engine.start_events WHERE bpmn_process_id = $1', [bpmnProcessId]);
  await tx.query(
    `UPDATE engine.timers SET state = 'CANCELED'
     WHERE bpmn_process_id = $1 AND process_instance_key IS NULL AND state = 'ACTIVE'`,
    [bpmnProcessId],
  );
  const timers: Record<string, unknown>[] = [];
  for (const elementId of graph.eventStartEventIds) {
    const node = graph.elements.get(elementId)!;
    if (node.eventKind === 'timer' && node.timer) {
      const text = staticText(node.timer.value, now, elementId);
      let plan;
      try {
        plan = planTimer(node.timer.kind, text, now);
      } catch (error) {
        if (error instanceof TimerExpressionError)
          throw invalidArgument(error.message, [{ elementId, message: error.message }]);
        throw error;
      }
      timers.push({
        key: newKey(),
        state: 'ACTIVE',
        due_at: plan.dueAt,
        process_definition_key: processDefinitionKey,
        bpmn_process_id: bpmnProcessId,
        process_instance_key: null,
        element_instance_key: null,
        element_id: elementId,
        repetitions: plan.repetitions,
        cycle: node.timer.kind === 'cycle' ? text : null,
        created_at: now,
      });
    } else if (node.eventKind === 'message' || node.eventKind === 'signal') {
      const nameExpr = node.eventKind === 'message' ? node.message?.name : node.signalName;
      if (!nameExpr) continue;
      await tx.query(
        `INSERT INTO engine.start_events (process_definition_key, bpmn_process_id, element_id, kind, name)
         VALUES ($1, $2, $3, $4, $5)`,
        [
          processDefinitionKey,
          bpmnProcessId,
          elementId,
          node.eventKind,
          staticText(nameExpr, now, elementId),
        ],
      );
    }
  }
  await upsertRows(tx, 'engine.timers', timerColumns, timers);
}
