// Job activation claims jobs without the instance lock: one UPDATE over rows picked with
// FOR UPDATE SKIP LOCKED, so concurrent workers never get the same job. (Jobs a command creates
// while a long poll waits are activated by that command instead: see job-handover.ts.) A job whose lock ran out
// (deadline passed) is activatable again, and is reported as timed out when re-claimed.
import type { ActivatedJob, Variables } from '../api.js';
import type { Db, Tx } from './db.js';

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
  /** null when the job sees no variables. */
  variables: Variables | null;
}

/**
 * Claims up to maxJobsToActivate jobs, records their activation (a re-claimed job whose lock ran
 * out is first recorded as timed out) and reads the variables each job's element sees, the
 * nearest scope winning — one statement, so one round trip and its own transaction.
 */
async function claimJobs(
  db: Db | Tx,
  request: {
    type: string;
    worker: string;
    timeout: number;
    maxJobsToActivate: number;
    fetchVariable?: string[];
  },
  now: number,
): Promise<ClaimedRow[]> {
  // Named, so each connection plans it once: planning this statement cost more than running it.
  const { rows } = await db.query<ClaimedRow>({
    name: 'engine-claim-jobs',
    text: `WITH RECURSIVE picked AS (
       SELECT key, state AS previous_state FROM engine.jobs
       WHERE type = $1 AND state IN ('ACTIVATABLE', 'ACTIVATED')
         AND ((state = 'ACTIVATABLE' AND activatable_at <= $3) OR (state = 'ACTIVATED' AND deadline <= $3))
       ORDER BY key LIMIT $5
       FOR UPDATE SKIP LOCKED),
     claimed AS (
       UPDATE engine.jobs j SET state = 'ACTIVATED', worker = $2, deadline = $3::bigint + $4::bigint
       FROM picked WHERE j.key = picked.key
       RETURNING j.*, picked.previous_state),
     -- One record batch per instance (see record-batches.ts).
     recorded AS (
       INSERT INTO engine.record_batches (process_instance_key, records)
       SELECT c.process_instance_key,
              json_agg(json_build_array(c.key::text, 'JOB', i.intent, $3::bigint,
                         json_build_object('type', c.type, 'worker', c.worker, 'deadline', c.deadline,
                                           'retries', c.retries, 'elementId', c.element_id))
                       ORDER BY c.key, i.n)
       FROM claimed c CROSS JOIN (VALUES (0, 'TIMED_OUT'), (1, 'ACTIVATED')) AS i(n, intent)
       WHERE i.intent = 'ACTIVATED' OR c.previous_state = 'ACTIVATED'
       GROUP BY c.process_instance_key
       ORDER BY min(c.key)),
     -- Each step up is a lookup by primary key (LIMIT keeps it from being joined by a scan of
     -- every element instance, which the planner chose when its statistics lagged the table).
     chain(origin, key, depth) AS (
       SELECT element_instance_key, element_instance_key, 0 FROM claimed
       UNION ALL
       SELECT c.origin, up.flow_scope_key, c.depth + 1
       FROM chain c CROSS JOIN LATERAL (
         SELECT e.flow_scope_key FROM engine.element_instances e
         WHERE e.key = c.key AND e.flow_scope_key IS NOT NULL LIMIT 1) up),
     visible AS (
       SELECT DISTINCT ON (c.origin, v.name) c.origin, v.name, v.value
       FROM chain c JOIN engine.variables v ON v.scope_key = c.key
       WHERE $6::text[] IS NULL OR v.name = ANY($6::text[])
       ORDER BY c.origin, v.name, c.depth)
     SELECT c.*, (SELECT jsonb_object_agg(v.name, v.value) FROM visible v
                  WHERE v.origin = c.element_instance_key) AS variables
     FROM claimed c ORDER BY c.key`,
    values: [
      request.type,
      request.worker,
      now,
      request.timeout,
      request.maxJobsToActivate,
      request.fetchVariable?.length ? request.fetchVariable : null,
    ],
  });
  return rows;
}

export async function activateJobs(
  db: Db | Tx,
  request: {
    type: string;
    worker: string;
    timeout: number;
    maxJobsToActivate: number;
    fetchVariable?: string[];
  },
  now: number,
): Promise<ActivatedJob[]> {
  const claimed = await claimJobs(db, request, now);
  return claimed.map((job) => ({
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
    variables: job.variables ?? {},
    tenantId: '<default>',
  }));
}
