// The sequence flows a process instance has taken, from the record stream: the runtime writes a
// SEQUENCE_FLOW_TAKEN record each time a token leaves along a flow. Each flow is listed once,
// as Camunda 8.8 answers GET /v2/process-instances/{key}/sequence-flows.
import type pg from 'pg';
import { keyText, queryOne, textOf } from './sql.js';

export interface SequenceFlowView {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  /** The flow's id in the model. */
  elementId: string;
}

/** The taken flows of the instance, in the order first taken; undefined when there is no such instance. */
export async function takenSequenceFlows(
  db: pg.Pool,
  processInstanceKey: string,
): Promise<SequenceFlowView[] | undefined> {
  const instance = await queryOne<{ process_definition_key: unknown; bpmn_process_id: unknown }>(
    db,
    `SELECT process_definition_key, bpmn_process_id FROM engine.process_instances WHERE key = $1::bigint`,
    [processInstanceKey],
  );
  if (!instance) return undefined;
  const { rows } = await db.query<{ element_id: unknown }>(
    `SELECT r.value->>'elementId' AS element_id
       FROM engine.records r
      WHERE r.process_instance_key = $1::bigint AND r.value_type = 'PROCESS_INSTANCE'
        AND r.intent = 'SEQUENCE_FLOW_TAKEN'
      GROUP BY r.value->>'elementId'
      ORDER BY min(r.position)`,
    [processInstanceKey],
  );
  return rows.map((row) => ({
    processInstanceKey,
    processDefinitionKey: keyText(instance.process_definition_key),
    processDefinitionId: textOf(instance.bpmn_process_id),
    elementId: textOf(row.element_id),
  }));
}
