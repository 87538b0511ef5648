// Job activation claims jobs without the instance lock: one UPDATE over rows picked with
// FOR UPDATE SKIP LOCKED, so concurrent workers never get the same job. A job whose lock ran out
// (deadline passed) is activatable again, and is reported as timed out when re-claimed.
import type { ActivatedJob, Variables } from '../api.js';
import type { Tx } from './db.js';
import { recordColumns } from './instance-store.js';
import { insertRows } from './rows.js';

interface ClaimedRow {
  key: number;
  type: string;
  process_instance_key: number;
  element_instance_key: number;
  element_id: string;
  bpmn_process_id: string;
  process_definition_key: number;
  process_definition_version: number;
  retries: number;
  worker: string;
  deadline: number;
  custom_headers: Record<string, string>;
  previous_state: string;
}

export async function claimJobs(
  tx: Tx,
  request: { type: string; worker: string; timeout: number; maxJobsToActivate: number },
  now: number,
): Promise<ClaimedRow[]> {
  const { rows } = await tx.query<ClaimedRow>(
    `WITH picked AS (
       SELECT key, state AS previous_state FROM engine.jobs
       WHERE type = $1 AND state IN ('ACTIVATABLE', 'ACTIVATED')
         AND ((state = 'ACTIVATABLE' AND activatable_at <= $3) OR (state = 'ACTIVATED' AND deadline <= $3))
       ORDER BY key LIMIT $5
       FOR UPDATE SKIP LOCKED)
     UPDATE engine.jobs j SET state = 'ACTIVATED', worker = $2, deadline = $3::bigint + $4::bigint
     FROM picked WHERE j.key = picked.key
     RETURNING j.*, picked.previous_state`,
    [request.type, request.worker, now, request.timeout, request.maxJobsToActivate],
  );
  return rows.sort((a, b) => a.key - b.key);
}

/** Variables visible from each job's element instance, the nearest scope winning. */
async function variablesOf(tx: Tx, elementInstanceKeys: number[]): Promise<Map<number, Variables>> {
  const { rows } = await tx.query<{ origin: number; name: string; value: unknown }>(
    `WITH RECURSIVE chain(origin, key, depth) AS (
       SELECT k, k, 0 FROM unnest($1::bigint[]) AS k
       UNION ALL
       SELECT c.origin, e.flow_scope_key, c.depth + 1
       FROM chain c JOIN engine.element_instances e ON e.key = c.key
       WHERE e.flow_scope_key IS NOT NULL)
     SELECT DISTINCT ON (c.origin, v.name) c.origin, v.name, v.value
     FROM chain c JOIN engine.variables v ON v.scope_key = c.key
     ORDER BY c.origin, v.name, c.depth`,
    [elementInstanceKeys],
  );
  const result = new Map<number, Variables>();
  for (const row of rows) {
    let variables = result.get(row.origin);
    if (!variables) result.set(row.origin, (variables = {}));
    variables[row.name] = row.value;
  }
  return result;
}

export async function activateJobs(
  tx: Tx,
  request: {
    type: string;
    worker: string;
    timeout: number;
    maxJobsToActivate: number;
    fetchVariable?: string[];
  },
  now: number,
): Promise<ActivatedJob[]> {
  const claimed = await claimJobs(tx, request, now);
  if (claimed.length === 0) return [];
  const variables = await variablesOf(
    tx,
    claimed.map((job) => job.element_instance_key),
  );
  const wanted = request.fetchVariable?.length ? new Set(request.fetchVariable) : undefined;
  const records = claimed.flatMap((job) => {
    const value = {
      type: job.type,
      worker: job.worker,
      deadline: job.deadline,
      retries: job.retries,
      elementId: job.element_id,
    };
    const base = {
      key: job.key,
      value_type: 'JOB',
      process_instance_key: job.process_instance_key,
      timestamp: now,
    };
    const activated = { ...base, intent: 'ACTIVATED', value };
    return job.previous_state === 'ACTIVATED'
      ? [{ ...base, intent: 'TIMED_OUT', value }, activated]
      : [activated];
  });
  await insertRows(tx, 'engine.records', recordColumns, records);
  return claimed.map((job) => {
    const all = variables.get(job.element_instance_key) ?? {};
    const selected = wanted
      ? Object.fromEntries(Object.entries(all).filter(([name]) => wanted.has(name)))
      : all;
    return {
      key: String(job.key),
      type: job.type,
      processInstanceKey: String(job.process_instance_key),
      bpmnProcessId: job.bpmn_process_id,
      processDefinitionVersion: job.process_definition_version,
      processDefinitionKey: String(job.process_definition_key),
      elementId: job.element_id,
      elementInstanceKey: String(job.element_instance_key),
      customHeaders: job.custom_headers,
      worker: job.worker,
      retries: job.retries,
      deadline: job.deadline,
      variables: selected,
      tenantId: '<default>',
    };
  });
}
