// Memory with many waiting instances: 100,000 instances are started through the engine and left
// waiting at a timer a year ahead. The engine process's RSS and heap are read before and after
// (each after a full GC), next to the database's size: the state lives in PostgreSQL.
// The suite runs first, so garbage of the other suites does not inflate its RSS.
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import { Engine } from '../src/engine/engine.js';
import { createEnginePool } from '../src/engine/store/db.js';
import { round } from './stats.js';

export interface MemoryFigures {
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
}

export interface MemoryBenchResult {
  waitingInstances: number;
  createSeconds: number;
  createdPerSecond: number;
  /** Whether the figures were read after a forced full GC. */
  afterGc: boolean;
  before: MemoryFigures;
  /** Read when half of the instances had been started. */
  halfway: MemoryFigures;
  after: MemoryFigures;
  databaseMiB: number;
}

/** About 80 s of creation on the two-core development machine (docs/benchmarks.md). */
const WAITING = Number(process.env.BENCH_WAITING_INSTANCES ?? 100_000);
/** Concurrent creators; the engine's pool has 10 connections. */
const PARALLEL = 20;

/** A full GC when the runtime allows one: `--expose-gc`, else the flag set at run time. */
function findGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    v8.setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

const mib = (bytes: number) => round(bytes / 2 ** 20);

function snapshot(gc: (() => void) | undefined): MemoryFigures {
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return {
    rssMiB: mib(usage.rss),
    heapUsedMiB: mib(usage.heapUsed),
    heapTotalMiB: mib(usage.heapTotal),
    externalMiB: mib(usage.external),
  };
}

export async function benchMemory(url: string, log: (line: string) => void): Promise<MemoryBenchResult> {
  const gc = findGc();
  const db = createEnginePool(url, 10);
  const engine = new Engine({ db, logger: pino({ level: 'warn' }), clockControlled: false });
  try {
    await engine.start();
    const xml = readFileSync(new URL('./models/timer-wait.bpmn', import.meta.url));
    await engine.deployResources([{ name: 'timer-wait.bpmn', content: xml }]);
    const dueAt = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();
    // A few instances first so the definition cache, pools and code paths are warm for `before`.
    for (let i = 0; i < 20; i++) {
      await engine.createProcessInstance({ bpmnProcessId: 'bench-timer-wait', variables: { dueAt } });
    }
    const before = snapshot(gc);

    log(`memory: starting ${WAITING.toLocaleString('en')} instances waiting a year ahead`);
    let next = 0;
    let reported = 0;
    let halfway: MemoryFigures | undefined;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < WAITING) {
          next++;
          await engine.createProcessInstance({
            bpmnProcessId: 'bench-timer-wait',
            variables: { dueAt, petition: { id: next, channel: 'letter' } },
          });
          if (!halfway && next >= WAITING / 2) halfway = snapshot(gc);
          if (next - reported >= 10_000) {
            reported = next;
            log(`memory: ${next.toLocaleString('en')} started`);
          }
        }
      }),
    );
    const createSeconds = (performance.now() - started) / 1000;
    const after = snapshot(gc);
    const { rows } = await db.query<{ bytes: number }>(
      'SELECT pg_database_size(current_database()) AS bytes',
    );
    return {
      waitingInstances: WAITING,
      createSeconds: round(createSeconds),
      createdPerSecond: round(WAITING / createSeconds),
      afterGc: gc !== undefined,
      before,
      halfway: halfway ?? before,
      after,
      databaseMiB: mib(rows[0]!.bytes),
    };
  } finally {
    await engine.stop();
    await db.end();
  }
}
