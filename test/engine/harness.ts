// An engine on a fresh database with a pinned clock, plus small helpers to drive it in tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { ActivatedJob, Variables } from '../../src/engine/api.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { createEnginePool, type Db } from '../../src/engine/store/db.js';
import { createTestDatabase } from '../support/database.js';

/** 2026-01-05T08:00:00Z, a Monday: the fixed start of every engine test. */
export const T0 = Date.parse('2026-01-05T08:00:00Z');

/** Resolves when `check` holds; engine work that follows a commit (timers, pending commands) is awaited this way, never by sleeping for a fixed time. */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const DAY = 24 * 60 * 60 * 1000;

export function fixture(name: string): Buffer {
  return readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)));
}

export interface TestEngine {
  engine: Engine;
  db: Db;
  deploy(...names: string[]): Promise<void>;
  start(bpmnProcessId: string, variables?: Variables): Promise<string>;
  /** Activates exactly the jobs of a type that are ready now. */
  jobs(type: string, max?: number): Promise<ActivatedJob[]>;
  job(type: string): Promise<ActivatedJob>;
  instanceState(key: string): Promise<string>;
  /** Element ids of the instance's live element instances (without the process). */
  liveElements(key: string): Promise<string[]>;
  variables(key: string): Promise<Variables>;
  incidents(
    key: string,
  ): Promise<
    { key: string; errorType: string; errorMessage: string; elementId: string; jobKey: string | null }[]
  >;
  /** How many jobs of a type an instance has had, in any state. */
  jobCount(key: string, type: string): Promise<number>;
  /** Completes every activatable job of a type (for the given instance). */
  completeAll(key: string, type: string, variables?: Variables): Promise<number>;
  /** States of an element's instances, oldest first. */
  elementStates(key: string, elementId: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startTestEngine(
  options: Pick<EngineOptions, 'commandTransactions'> = {},
): Promise<TestEngine> {
  const database = await createTestDatabase();
  const db = createEnginePool(database.url, 4);
  const engine = new Engine({ db, logger: pino({ level: 'silent' }), clockControlled: true, ...options });
  await engine.start();
  await engine.pinClock(T0);

  const test: TestEngine = {
    engine,
    db,
    async deploy(...names) {
      await engine.deployResources(
        names.map((name) => ({ name, content: fixture(name.includes('/') ? name : `bpmn/${name}`) })),
      );
    },
    async start(bpmnProcessId, variables = {}) {
      return (await engine.createProcessInstance({ bpmnProcessId, variables })).processInstanceKey;
    },
    jobs: (type, max = 10) =>
      engine.activateJobs({ type, worker: 'test', timeout: 60_000, maxJobsToActivate: max }),
    async job(type) {
      const [job] = await test.jobs(type, 1);
      if (!job) throw new Error(`no activatable job of type '${type}'`);
      return job;
    },
    async instanceState(key) {
      const { rows } = await db.query<{ state: string }>(
        'SELECT state FROM engine.process_instances WHERE key = $1',
        [key],
      );
      return rows[0]?.state ?? 'MISSING';
    },
    async liveElements(key) {
      const { rows } = await db.query<{ element_id: string }>(
        `SELECT element_id FROM engine.element_instances
         WHERE process_instance_key = $1 AND state IN ('ACTIVATING','ACTIVATED','COMPLETING') AND element_type <> 'process'
         ORDER BY element_id`,
        [key],
      );
      return rows.map((row) => row.element_id);
    },
    async variables(key) {
      const { rows } = await db.query<{ name: string; value: unknown }>(
        'SELECT name, value FROM engine.variables WHERE scope_key = $1',
        [key],
      );
      return Object.fromEntries(rows.map((row) => [row.name, row.value]));
    },
    async incidents(key) {
      const { rows } = await db.query<{
        key: number;
        error_type: string;
        error_message: string;
        element_id: string;
        job_key: number | null;
      }>(
        `SELECT key, error_type, error_message, element_id, job_key FROM engine.incidents
         WHERE process_instance_key = $1 AND state = 'ACTIVE' ORDER BY key`,
        [key],
      );
      return rows.map((row) => ({
        key: String(row.key),
        errorType: row.error_type,
        errorMessage: row.error_message,
        elementId: row.element_id,
        jobKey: row.job_key === null ? null : String(row.job_key),
      }));
    },
    async jobCount(key, type) {
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM engine.jobs WHERE process_instance_key = $1 AND type = $2',
        [key, type],
      );
      return rows[0]!.n;
    },
    async completeAll(key, type, variables = {}) {
      const jobs = (await test.jobs(type, 100)).filter((job) => job.processInstanceKey === key);
      for (const job of jobs) await engine.completeJob(job.key, variables);
      return jobs.length;
    },
    async elementStates(key, elementId) {
      const { rows } = await db.query<{ state: string }>(
        'SELECT state FROM engine.element_instances WHERE process_instance_key = $1 AND element_id = $2 ORDER BY key',
        [key, elementId],
      );
      return rows.map((row) => row.state);
    },
    async close() {
      await engine.stop();
      await db.end();
      await database.drop();
    },
  };
  return test;
}
