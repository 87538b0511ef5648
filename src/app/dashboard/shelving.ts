// 零搁置 (zero shelving): every open petition always has an owner. A petition is shelved when it
// is open, its process has been started, and nobody holds it: no open user task and no live job
// in its process instance. A petition without a process instance key is waiting for its process
// start (the app.process_starts outbox retries it until the engine has it), so it is not shelved.
//
// The embedded engine keeps its state in this database, so the check is one SQL statement there.
// A Camunda cluster (ENGINE=external) keeps its state elsewhere; the process instances this
// database does not know are checked through the engine's REST API instead — open user tasks by
// search, then, for the few instances without one, their active elements (a waiting service
// task has a job a worker will take).
import type { Queryable } from '../../domain/sql.js';
import type { ApiDeps } from '../api/deps.js';
import { callEngine, SEARCH_NOW } from '../engine/rest.js';

type ElementFilter = NonNullable<Parameters<ApiDeps['engine']['searchElementInstances']>[0]['filter']>;

/** Element types whose active instance has an owner: a user task (someone), or a job (a worker). */
const OWNED_ELEMENT_TYPES = new Set(['USER_TASK', 'SERVICE_TASK', 'SEND_TASK', 'BUSINESS_RULE_TASK']);

/** Pages of open user tasks read from a cluster at most (1,000 each). */
const MAX_TASK_PAGES = 100;
const TASK_PAGE = 1000;

export interface ShelvingResult {
  count: number;
  /** Petition numbers, oldest registration first. */
  numbers: string[];
  /** database: the engine's tables in this database; engine-api: the engine's REST API; both when mixed. */
  source: 'database' | 'engine-api' | 'both' | 'none';
}

export type ShelvingSource = 'auto' | 'engine-api';

/**
 * The shelved petitions among the open ones that `where` (a condition on petition `p`, with
 * `values` as its parameters) selects. `engine-api` asks the REST API about every instance,
 * whatever this database holds (for a cluster, and to compare the two ways in tests).
 */
export async function shelvedPetitions(
  deps: Pick<ApiDeps, 'db' | 'engine'>,
  where: string,
  values: unknown[],
  source: ShelvingSource = 'auto',
): Promise<ShelvingResult> {
  const started = await startedOpenPetitions(deps.db, where, values, source);
  const numbers = new Set(started.shelvedHere);
  const remote = started.elsewhere;
  if (remote.length > 0) {
    for (const number of await shelvedByEngineApi(deps, remote)) numbers.add(number);
  }
  const order = new Map(started.order.map((number, index) => [number, index]));
  const sorted = [...numbers].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const here = started.checkedHere > 0;
  return {
    count: sorted.length,
    numbers: sorted,
    source:
      here && remote.length > 0 ? 'both' : here ? 'database' : remote.length > 0 ? 'engine-api' : 'none',
  };
}

interface Started {
  /** Numbers of open, started petitions in registration order. */
  order: string[];
  /** Shelved, judged from the engine tables of this database. */
  shelvedHere: string[];
  checkedHere: number;
  /** Petitions whose instance this database does not hold: number and instance key. */
  elsewhere: { number: string; key: string }[];
}

async function startedOpenPetitions(
  db: Queryable,
  where: string,
  values: unknown[],
  source: ShelvingSource,
): Promise<Started> {
  const { rows } = await db.query<{ number: string; key: string; here: boolean; owned: boolean }>(
    `WITH open_started AS (
       SELECT p.number, p.process_instance_key AS key, p.registered_at, p.id
         FROM app.petitions p
        WHERE p.stage NOT IN ('closed', 'rejected') AND p.repeat_of IS NULL
          AND p.process_instance_key IS NOT NULL AND (${where})
     ), live_tasks AS (
       SELECT DISTINCT process_instance_key FROM engine.user_tasks WHERE state = 'CREATED'
     ), live_jobs AS (
       SELECT DISTINCT process_instance_key FROM engine.jobs WHERE state IN ('ACTIVATABLE', 'ACTIVATED')
     )
     SELECT o.number, o.key,
            i.key IS NOT NULL AS here,
            (t.process_instance_key IS NOT NULL OR j.process_instance_key IS NOT NULL) AS owned
       FROM open_started o
       LEFT JOIN engine.process_instances i ON i.key = o.key::bigint
       LEFT JOIN live_tasks t ON t.process_instance_key = o.key::bigint
       LEFT JOIN live_jobs j ON j.process_instance_key = o.key::bigint
      ORDER BY o.registered_at, o.id`,
    values,
  );
  const started: Started = { order: [], shelvedHere: [], checkedHere: 0, elsewhere: [] };
  for (const row of rows) {
    started.order.push(row.number);
    if (row.here && source === 'auto') {
      started.checkedHere++;
      if (!row.owned) started.shelvedHere.push(row.number);
    } else {
      started.elsewhere.push({ number: row.number, key: row.key });
    }
  }
  return started;
}

/** Numbers of the petitions whose instance has neither an open user task nor an active task element. */
async function shelvedByEngineApi(
  deps: Pick<ApiDeps, 'engine'>,
  petitions: { number: string; key: string }[],
): Promise<string[]> {
  const withTask = new Set<string>();
  for (let page = 0; page < MAX_TASK_PAGES; page++) {
    const found = await callEngine(() =>
      deps.engine.searchUserTasks(
        {
          filter: { state: 'CREATED' },
          sort: [{ field: 'creationDate', order: 'ASC' }],
          page: { from: page * TASK_PAGE, limit: TASK_PAGE },
        },
        SEARCH_NOW,
      ),
    );
    for (const task of found.items) withTask.add(String(task.processInstanceKey));
    if (found.items.length < TASK_PAGE) break;
  }
  const shelved: string[] = [];
  for (const petition of petitions) {
    if (withTask.has(petition.key)) continue;
    const elements = await callEngine(() =>
      deps.engine.searchElementInstances(
        {
          filter: {
            processInstanceKey: petition.key as unknown as ElementFilter['processInstanceKey'],
            state: 'ACTIVE',
          },
          page: { from: 0, limit: 100 },
        },
        SEARCH_NOW,
      ),
    );
    if (!(elements.items ?? []).some((element) => OWNED_ELEMENT_TYPES.has(String(element.type)))) {
      shelved.push(petition.number);
    }
  }
  return shelved;
}
