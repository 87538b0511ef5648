// Child processes of the reliability tests: the entry points run as an operator runs them
// (`node --import tsx <entry>`), their output kept (the last lines are shown when a test fails),
// killed with SIGKILL as a power cut or the OOM killer would.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface Service {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  running(): boolean;
  /** The last lines it wrote (stdout and stderr). */
  output(): string;
}

const KEPT_LINES = 60;

/** Starts `entry` (a path from the repository root) under tsx with `env` added to ours. */
export function startService(
  name: string,
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
): Service {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > KEPT_LINES) lines.shift();
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let done = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      done = true;
      resolve(code);
    }),
  );
  return { name, child, exited, running: () => !done, output: () => lines.join('\n') };
}

/** kill -9, and waits until the process is gone. */
export async function killHard(service: Service): Promise<void> {
  if (!service.running()) return;
  service.child.kill('SIGKILL');
  await service.exited;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it is true; fails after `timeoutMs` naming `what`. */
export async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs: number,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** The HTTP status of GET `url`, or undefined when nothing answers. */
export async function statusOf(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return undefined;
  }
}

/**
 * A small seeded generator (mulberry32), so a run's random choices can be replayed: the seed is
 * printed, and RELIABILITY_SEED=<seed> runs the same choices again.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The seed of this run: RELIABILITY_SEED, or a new one; printed either way. */
export function runSeed(what: string): number {
  const given = process.env.RELIABILITY_SEED;
  const seed = given !== undefined && given !== '' ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new Error(`RELIABILITY_SEED must be an integer, got ${given}`);
  console.log(`      ${what}: seed ${seed} (replay with RELIABILITY_SEED=${seed})`);
  return seed;
}

/** `check`, failing at once (with its last output) if `service` has exited meanwhile. */
export function whileRunning(
  service: Service,
  check: () => Promise<boolean> | boolean,
): () => Promise<boolean> {
  return async () => {
    if (!service.running()) {
      throw new Error(`${service.name} exited unexpectedly; its last output:\n${service.output()}`);
    }
    return check();
  };
}
