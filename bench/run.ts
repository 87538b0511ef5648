// `npm run bench`: runs the benchmarks on a fresh database, prints a table and writes JSON to
// bench/results/. Not a test: figures are measured here, never asserted in `npm test`.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { benchDatabase } from './database.js';
import { benchTimers } from './timers.js';

const SUITES = ['timers'] as const;
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
  if (wanted.has('timers')) {
    const database = await benchDatabase();
    results.postgres = database.serverVersion;
    try {
      results.timers = await benchTimers(database.url, log);
    } finally {
      await database.close();
    }
  }
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/bench-${Date.now()}.json`, import.meta.url);
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(
    `\nMachine: ${machine.cpus}, ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${String(results.postgres)}`,
  );
  for (const [suite, figures] of Object.entries(results)) {
    if (typeof figures !== 'object' || figures === null || suite === 'machine') continue;
    console.log(`\n${suite}`);
    console.table(figures);
  }
  console.log(`\nwritten: ${file.pathname}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
