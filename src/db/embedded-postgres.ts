// An embedded PostgreSQL server whose data lives in <dataDir>/postgres and persists across runs:
// the cluster is initialised once, when that directory is empty, and reused afterwards.
// It listens on 127.0.0.1 only; a password generated at initialisation is kept beside the
// cluster in <dataDir>/postgres.password, readable by this process's user only.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from 'pino';
import { errorCode, toError } from '../lib/errors.js';
import { quoteIdentifier, redactUrl } from './connection-url.js';
import { processExists } from './data-dir-lock.js';
import { findPostgresBinaries, type PostgresBinaries } from './postgres-binaries.js';
import { assertReachable, chownTree, postgresOsUser, type OsUser } from './postgres-os-user.js';
import { runToEnd, startServer, type RunningServer } from './postgres-process.js';

export interface EmbeddedPostgresOptions {
  /** DATA_DIR: the cluster goes to <dataDir>/postgres. */
  dataDir: string;
  port: number;
  logger: Logger;
  /** Created when missing; the returned url points at it. Default: xinfang. */
  database?: string;
  /**
   * 'none' turns off fsync and friends: only for throw-away clusters (tests), where a crash
   * may lose everything.
   */
  durability?: 'full' | 'none';
}

export interface EmbeddedPostgres {
  /** postgres://postgres:…@127.0.0.1:<port>/<database>; the role is a superuser. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const run = promisify(execFile);

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { port, logger } = options;
  const durability = options.durability ?? 'full';
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const passwordFile = path.join(dataDir, 'postgres.password');
  const binaries = await findPostgresBinaries();
  const user = await postgresOsUser();

  await fs.mkdir(dataDir, { recursive: true });
  if (user !== undefined) await assertReachable(clusterDir, user);

  let password: string;
  if (await isCluster(clusterDir)) {
    password = await readPassword(passwordFile, clusterDir);
    if (user !== undefined) await ensureOwnership(clusterDir, user, logger);
    await stopLeftoverServer(clusterDir, logger);
  } else {
    await assertEmptyOrMissing(clusterDir);
    logger.info({ clusterDir }, 'initialising embedded PostgreSQL cluster');
    password = await initialiseCluster({ binaries, clusterDir, passwordFile, user, durability });
  }

  const server = await startServer({ binaries, clusterDir, port, user, durability, logger });
  const database = options.database ?? 'xinfang';
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  try {
    await waitUntilAccepting(server, adminConfig(port, password));
    await createDatabaseIfMissing(adminConfig(port, password), database, logger);
  } catch (error: unknown) {
    await server.stop();
    throw error;
  }
  logger.info({ url: redactUrl(url), clusterDir }, 'embedded PostgreSQL is ready');
  return { url, port, stop: () => server.stop() };
}

async function isCluster(clusterDir: string): Promise<boolean> {
  return fs.stat(path.join(clusterDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

async function assertEmptyOrMissing(clusterDir: string): Promise<void> {
  const entries = await fs.readdir(clusterDir).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0) {
    throw new Error(
      `${clusterDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); ` +
        'refusing to initialise over it. Move its contents away or choose another DATA_DIR.',
    );
  }
}

async function readPassword(passwordFile: string, clusterDir: string): Promise<string> {
  try {
    const password = (await fs.readFile(passwordFile, 'utf8')).trim();
    if (password !== '') return password;
  } catch (error: unknown) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  throw new Error(
    `The PostgreSQL cluster in ${clusterDir} exists but its password file ${passwordFile} is missing or empty. ` +
      'Restore that file from the same backup as the cluster.',
  );
}

async function ensureOwnership(clusterDir: string, user: OsUser, logger: Logger): Promise<void> {
  const stat = await fs.stat(clusterDir);
  if (stat.uid !== user.uid) {
    logger.warn({ clusterDir, user: user.name }, 'giving the PostgreSQL cluster to its OS user');
    await chownTree(clusterDir, user);
  }
  // PostgreSQL refuses a data directory that others can read.
  if ((stat.mode & 0o077) !== 0) await fs.chmod(clusterDir, 0o700);
}

interface InitOptions {
  binaries: PostgresBinaries;
  clusterDir: string;
  passwordFile: string;
  user: OsUser | undefined;
  durability: 'full' | 'none';
}

async function initialiseCluster(init: InitOptions): Promise<string> {
  const { binaries, clusterDir, passwordFile, user } = init;
  const password = crypto.randomBytes(24).toString('base64url');
  await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (user !== undefined) await fs.chown(clusterDir, user.uid, user.gid);

  // initdb reads the password from a file that its user must be able to read.
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'xinfang-initdb-'));
  const pwfile = path.join(scratch, 'pw');
  // Written first: a cluster must never exist without the password that opens it.
  await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (user !== undefined) {
      await fs.chown(scratch, user.uid, user.gid);
      await fs.chown(pwfile, user.uid, user.gid);
    }
    const args = [
      `--pgdata=${clusterDir}`,
      `--username=${SUPERUSER}`,
      '--auth=scram-sha-256',
      `--pwfile=${pwfile}`,
      // UTF-8 for Chinese text; C collation sorts the same on every machine.
      '--encoding=UTF8',
      '--locale=C',
      ...(init.durability === 'none' ? ['--no-sync'] : []),
    ];
    const result = await runToEnd(binaries.initdb, args, clusterDir, user);
    if (result.code !== 0) {
      await emptyDirectory(clusterDir);
      await fs.rm(passwordFile, { force: true });
      throw new Error(`initdb failed (exit code ${String(result.code)}): ${result.output.trim()}`);
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
  return password;
}

async function emptyDirectory(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir)) {
    await fs.rm(path.join(dir, entry), { recursive: true, force: true });
  }
}

// A server left running by a process that was killed: we hold the data-dir lock, so it is ours.
// A pid file whose process is gone, or is now some other program (after a reboot), is stale.
async function stopLeftoverServer(clusterDir: string, logger: Logger): Promise<void> {
  const pidPath = path.join(clusterDir, 'postmaster.pid');
  const pidFile = await fs.readFile(pidPath, 'utf8').catch(() => undefined);
  if (pidFile === undefined) return;
  const pid = Number.parseInt(pidFile.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !processExists(pid) || !(await runsCluster(pid, clusterDir))) {
    logger.info({ clusterDir }, 'removing the stale postmaster.pid of an earlier run');
    await fs.rm(pidPath, { force: true });
    return;
  }
  logger.warn(
    { postgresPid: pid, clusterDir },
    'stopping a PostgreSQL server left running by an earlier process',
  );
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (processExists(pid)) {
    if (Date.now() > deadline) {
      throw new Error(
        `A PostgreSQL server (pid ${pid}) is still running on ${clusterDir}; stop it and retry`,
      );
    }
    await sleep(100);
  }
}

/** Whether process `pid` is a postgres server on this cluster (we start it with -D <clusterDir>). */
async function runsCluster(pid: number, clusterDir: string): Promise<boolean> {
  let commandLine: string;
  if (process.platform === 'linux') {
    const raw = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    commandLine = raw.split('\0').join(' ');
  } else {
    commandLine = await run('ps', ['-o', 'command=', '-p', String(pid)]).then(
      (result) => result.stdout,
      () => '',
    );
  }
  return commandLine.includes('postgres') && commandLine.includes(clusterDir);
}

interface AdminConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

const adminConfig = (port: number, password: string): AdminConfig => ({
  host: '127.0.0.1',
  port,
  user: SUPERUSER,
  password,
  database: 'postgres',
});

async function waitUntilAccepting(server: RunningServer, config: AdminConfig): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError: Error | undefined;
  while (Date.now() < deadline) {
    if (server.hasExited()) {
      const output = server.recentOutput();
      const hint = output.includes('Address already in use')
        ? ` Port ${config.port} is taken: set EMBEDDED_PG_PORT to a free port.`
        : '';
      throw new Error(
        `Embedded PostgreSQL on port ${config.port} stopped while starting.${hint} Its last output:\n${output}`,
      );
    }
    const client = new pg.Client({ ...config, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error: unknown) {
      lastError = toError(error);
    } finally {
      await client.end().catch(() => undefined);
    }
    await Promise.race([sleep(100), server.exited]);
  }
  throw new Error(`Embedded PostgreSQL did not accept connections within ${START_TIMEOUT_MS / 1000} s`, {
    cause: lastError,
  });
}

async function createDatabaseIfMissing(config: AdminConfig, database: string, logger: Logger): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
      logger.info({ database }, 'created database');
    }
  } finally {
    await client.end();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
