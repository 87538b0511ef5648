// Timers at scale: 1,000,000 timers wait far in the future while real instances wait for timers
// due within seconds. Reports how late those fire when they fall due at a steady rate (p50/p99),
// how fast a burst of due timers is worked off, and what the scheduler costs while nothing is due.
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { Engine } from '../src/engine/engine.js';
import { createEnginePool, type Db } from '../src/engine/store/db.js';
import { cpuShare, percentile, round } from './stats.js';

export interface TimerBenchResult {
  waitingTimers: number;
  scheduleSeconds: number;
  idleCpuPercent: number;
  steadyTimers: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  burstTimers: number;
  burstFiredPerSecond: number;
}

const WAITING = Number(process.env.BENCH_WAITING_TIMERS ?? 1_000_000);
const IDLE_MS = 10_000;
const STEADY = { timers: 1_000, overMs: 20_000 };
const BURST = 2_000;

async function startInstances(engine: Engine, dueTimes: number[]): Promise<void> {
  for (let i = 0; i < dueTimes.length; i += 50) {
    await Promise.all(
      dueTimes
        .slice(i, i + 50)
        .map((due) =>
          engine.createProcessInstance({
            bpmnProcessId: 'bench-timer-wait',
            variables: { dueAt: new Date(due).toISOString() },
          }),
        ),
    );
  }
}

async function completedCount(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM engine.process_instances WHERE bpmn_process_id = 'bench-timer-wait' AND state = 'COMPLETED'`,
  );
  return rows[0]!.n;
}

async function waitForCompleted(db: Db, count: number): Promise<void> {
  while ((await completedCount(db)) < count) await new Promise((resolve) => setTimeout(resolve, 20));
}

export async function benchTimers(url: string, log: (line: string) => void): Promise<TimerBenchResult> {
  const db = createEnginePool(url, 10);
  const engine = new Engine({ db, logger: pino({ level: 'warn' }), clockControlled: false });
  try {
    await engine.start();
    const xml = readFileSync(new URL('./models/timer-wait.bpmn', import.meta.url));
    const { processes } = await engine.deployResources([{ name: 'timer-wait.bpmn', content: xml }]);
    const definitionKey = processes[0]!.processDefinitionKey;

    log(`scheduling ${WAITING.toLocaleString('en')} timers a year ahead`);
    const scheduleStart = performance.now();
    const yearAhead = Date.now() + 365 * 24 * 3600 * 1000;
    // Rows as the engine writes them; their instances need not exist because they never fire here.
    for (let offset = 0; offset < WAITING; offset += 100_000) {
      const count = Math.min(100_000, WAITING - offset);
      await db.query(
        `INSERT INTO engine.timers (key, state, due_at, process_definition_key, bpmn_process_id,
           process_instance_key, element_instance_key, element_id, repetitions, cycle, created_at)
         SELECT 9000000000000000 + g, 'ACTIVE', $1::bigint + g * 1000, $2, 'bench-timer-wait',
           8000000000000000 + g, 8500000000000000 + g, 'wait', 1, NULL, $3
         FROM generate_series($4::bigint, $5::bigint) AS g`,
        [yearAhead, definitionKey, Date.now(), offset, offset + count - 1],
      );
    }
    await db.query('ANALYZE engine.timers');
    const scheduleSeconds = (performance.now() - scheduleStart) / 1000;

    log(`measuring the idle cost for ${IDLE_MS / 1000} s`);
    engine.scheduler.wake();
    const idle = await cpuShare(() => new Promise((resolve) => setTimeout(resolve, IDLE_MS)));

    // Steady: due times begin after every instance exists, so lateness measures the scheduler.
    const steadyStart = Date.now() + 15_000;
    log(`steady: ${STEADY.timers} timers falling due over ${STEADY.overMs / 1000} s`);
    await startInstances(
      engine,
      Array.from(
        { length: STEADY.timers },
        (_, i) => steadyStart + Math.floor((i * STEADY.overMs) / STEADY.timers),
      ),
    );
    await waitForCompleted(db, STEADY.timers);
    const { rows } = await db.query<{ lateness: number }>(
      `SELECT timestamp - (value->>'dueDate')::bigint AS lateness FROM engine.records
       WHERE value_type = 'TIMER' AND intent = 'TRIGGERED'`,
    );
    const lateness = rows.map((row) => Number(row.lateness));

    log(`burst: ${BURST} timers due at the same instant`);
    const burstAt = Date.now() + 15_000;
    await startInstances(
      engine,
      Array.from({ length: BURST }, () => burstAt),
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, burstAt - Date.now())));
    const burstFrom = performance.now();
    await waitForCompleted(db, STEADY.timers + BURST);
    const burstSeconds = (performance.now() - burstFrom) / 1000;

    return {
      waitingTimers: WAITING,
      scheduleSeconds: round(scheduleSeconds),
      idleCpuPercent: round(idle.share * 100, 2),
      steadyTimers: lateness.length,
      latenessP50Ms: percentile(lateness, 50),
      latenessP99Ms: percentile(lateness, 99),
      burstTimers: BURST,
      burstFiredPerSecond: round(BURST / burstSeconds),
    };
  } finally {
    await engine.stop();
    await db.end();
  }
}
