// The PostgreSQL processes: initdb run to its end, and the server itself, spawned in its own
// process group, its output forwarded to the log, stopped with a fast shutdown.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';
import type { PostgresBinaries } from './postgres-binaries.js';
import type { OsUser } from './postgres-os-user.js';

const STOP_TIMEOUT_MS = 30_000;

export function runToEnd(
  command: string,
  args: string[],
  cwd: string,
  user: OsUser | undefined,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: postgresEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...ids(user),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

export interface ServerOptions {
  binaries: PostgresBinaries;
  clusterDir: string;
  port: number;
  user: OsUser | undefined;
  durability: 'full' | 'none';
  logger: Logger;
}

export interface RunningServer {
  readonly exited: Promise<void>;
  hasExited(): boolean;
  recentOutput(): string;
  stop(): Promise<void>;
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const { binaries, clusterDir, port, user, logger } = options;
  const args = [
    '-D',
    clusterDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    // TCP only: no socket file in a shared directory that may not exist on this machine.
    '-c',
    'unix_socket_directories=',
    ...(options.durability === 'none'
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : []),
  ];
  // Its own process group: a Ctrl-C in the terminal reaches us, not the database, so the
  // engine and the app can finish their work before the database stops.
  const child = spawn(binaries.postgres, args, {
    cwd: clusterDir,
    env: postgresEnv(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...ids(user),
  });
  const recent: string[] = [];
  const onLine = (line: string) => {
    if (line.trim() === '') return;
    recent.push(line);
    if (recent.length > 30) recent.shift();
    logPostgresLine(logger, line);
  };
  forwardLines(child, onLine);

  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      process.off('exit', killOnExit);
      logger.info({ code, signal }, 'embedded PostgreSQL exited');
      resolve();
    });
  });
  // Last resort when this process ends without an orderly stop: the detached server would
  // otherwise outlive us. It still shuts down cleanly after we are gone.
  const killOnExit = () => child.kill('SIGINT');
  process.on('exit', killOnExit);

  const stop = async () => {
    if (exited) return;
    child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
    const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
    await exitedPromise;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    child.once('error', (error) =>
      reject(new Error(`Could not start ${binaries.postgres}`, { cause: error })),
    );
    child.once('spawn', () =>
      resolve({
        exited: exitedPromise,
        hasExited: () => exited,
        recentOutput: () => recent.join('\n'),
        stop,
      }),
    );
  });
}

function forwardLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    stream?.on('end', () => onLine(pending));
  }
}

function logPostgresLine(logger: Logger, line: string): void {
  const severity = /\b(PANIC|FATAL|ERROR|WARNING|LOG|NOTICE|INFO|DETAIL|HINT|STATEMENT|DEBUG\d?):/.exec(
    line,
  )?.[1];
  // Our own readiness probe meets "the database system is starting up" while it waits.
  if (line.includes('the database system is starting up')) logger.debug(line);
  else if (severity === 'PANIC') logger.error(line);
  else if (severity === 'FATAL' || severity === 'WARNING') logger.warn(line);
  else logger.debug(line);
}

function postgresEnv(): NodeJS.ProcessEnv {
  // English server messages whatever the machine's locale; no libpq settings (PGDATA …) leaking in.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PG')));
  return { ...env, LC_ALL: 'C', LANG: 'C' };
}

function ids(user: OsUser | undefined): { uid?: number; gid?: number } {
  return user === undefined ? {} : { uid: user.uid, gid: user.gid };
}
