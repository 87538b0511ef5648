// `npm run bench`: runs the benchmarks on a fresh database, prints a table and writes JSON to
// bench/results/. Not a test: figures are measured here, never asserted in `npm test`.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { benchBpmnEngine, type BpmnEngineBenchResult } from './bpmn-engine.js';
import { benchDatabase } from './database.js';
import { benchDbCeiling } from './db-ceiling.js';
import { benchEngine, type EngineBenchResult } from './engine.js';
import { benchLifecycle } from './lifecycle.js';
import { benchMemory } from './memory.js';
import { benchPages } from './pages.js';
import { round } from './stats.js';
import { benchTimers } from './timers.js';

const SUITES = ['engine', 'bpmn-engine', 'db-ceiling', 'memory', 'timers', 'lifecycle', 'pages'] as const;
const DATABASE_SUITES: readonly Suite[] = ['engine', 'db-ceiling', 'memory', 'timers', 'lifecycle', 'pages'];
type Suite = (typeof SUITES)[number];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const wanted = new Set((values.only?.split(',') ?? SUITES) as Suite[]);
  for (const name of wanted) {
    if (!SUITES.includes(name)) throw new Error(`unknown benchmark '${name}'; known: ${SUITES.join(', ')}`);
  }
  const log = (line: string) => console.error(`[bench] ${line}`);
  const machine = {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  const results: Record<string, unknown> = { startedAt: new Date().toISOString(), machine };
  const started = performance.now();
  const database = [...wanted].some((name) => DATABASE_SUITES.includes(name))
    ? await benchDatabase()
    : undefined;
  try {
    if (database) results.postgres = database.serverVersion;
    if (wanted.has('memory')) results.memory = await benchMemory(await database!.fresh('memory'), log);
    let engine: EngineBenchResult | undefined;
    let bpmnEngine: BpmnEngineBenchResult | undefined;
    if (wanted.has('engine')) {
      engine = await benchEngine(await database!.fresh('engine'), log);
      results.engine = engine;
    }
    if (wanted.has('bpmn-engine')) {
      bpmnEngine = await benchBpmnEngine(log);
      results['bpmn-engine'] = bpmnEngine;
    }
    if (engine && bpmnEngine) results['engine vs bpmn-engine'] = compare(engine, bpmnEngine);
    if (wanted.has('db-ceiling')) {
      const best =
        engine &&
        Object.values(engine).reduce((a, b) => (b.instancesPerSecond > a.instancesPerSecond ? b : a));
      results['db-ceiling'] = await benchDbCeiling(
        await database!.fresh('ceiling'),
        log,
        best && { transactionsPerSecond: best.transactionsPerSecond, stepsPerSecond: best.elementsPerSecond },
      );
    }
    if (wanted.has('timers')) results.timers = await benchTimers(await database!.fresh('timers'), log);
    if (wanted.has('pages')) results.pages = await benchPages(await database!.fresh('pages'), log);
    if (wanted.has('lifecycle')) {
      results.lifecycle = await benchLifecycle(await database!.fresh('lifecycle'), log);
    }
  } finally {
    await database?.close();
  }
  results.totalSeconds = round((performance.now() - started) / 1000);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/bench-${Date.now()}.json`, import.meta.url);
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(
    `\nMachine: ${machine.cpus}, ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${String(results.postgres)}`,
  );
  for (const [suite, figures] of Object.entries(results)) {
    if (typeof figures !== 'object' || figures === null || suite === 'machine') continue;
    console.log(`\n${suite}`);
    if (suite === 'lifecycle') {
      // Its per-step latencies are a table of their own.
      const { steps, ...totals } = figures as { steps: unknown };
      console.table(totals);
      console.table(steps);
      continue;
    }
    if (suite === 'pages') {
      // The seeded rows, one line per call of a page, then the pages loaded in Chromium.
      const { calls, rows, pageLoads } = figures as { calls: unknown; rows: unknown; pageLoads?: unknown };
      console.table(rows);
      console.table(calls);
      if (pageLoads !== undefined) console.table(pageLoads);
      continue;
    }
    console.table(figures);
  }
  console.log(`\ntotal: ${String(results.totalSeconds)} s\nwritten: ${file.pathname}`);
}

/** Instances per second of each engine run over bpmn-engine's best run of the same model. */
function compare(engine: EngineBenchResult, bpmnEngine: BpmnEngineBenchResult) {
  const best = Math.max(...Object.values(bpmnEngine).map((run) => run.instancesPerSecond));
  return Object.fromEntries(
    Object.entries(engine).map(([name, run]) => [
      name,
      {
        oursInstancesPerSecond: run.instancesPerSecond,
        bpmnEngineInstancesPerSecond: best,
        ratioOursToBpmnEngine: round(run.instancesPerSecond / best, 3),
      },
    ]),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
