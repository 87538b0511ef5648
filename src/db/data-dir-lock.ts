// One process per data directory: two processes on one embedded PostgreSQL cluster, or one
// engine's timers fired twice, would corrupt the office's records. The lock is a pid file; a
// lock whose process has died (killed, crashed, machine rebooted) is taken over.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { errorCode } from '../lib/errors.js';

export const LOCK_FILE_NAME = 'xinfang-flow.pid';

export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly hostname: string,
  ) {
    const where = hostname === os.hostname() ? `pid ${pid}` : `pid ${pid} on host ${hostname}`;
    super(
      `Another xinfang-flow process (${where}) is using data directory ${dataDir}. ` +
        'Stop it first, or give this process its own DATA_DIR.',
    );
  }
}

interface LockOwner {
  pid: number;
  hostname: string;
  /** Linux boot id: a pid from before a reboot says nothing about today's processes. */
  bootId?: string;
  startedAt: string;
}

const MAX_ATTEMPTS = 5;

export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  await fs.mkdir(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE_NAME);
  const me: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    ...optionalBootId(await readBootId()),
    startedAt: new Date().toISOString(),
  };
  const content = `${JSON.stringify(me)}\n`;

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (await createExclusive(lockPath, content)) {
      return { path: lockPath, release: () => releaseLock(lockPath, me.pid) };
    }
    const existing = await fs.readFile(lockPath, 'utf8').catch(ignoreMissing);
    if (existing === undefined) continue; // released meanwhile
    const owner = parseOwner(existing);
    if (owner !== undefined && isLive(owner, me)) {
      throw new DataDirLockedError(dataDir, owner.pid, owner.hostname);
    }
    await takeOverStale(lockPath, existing);
  }
  throw new Error(`Could not lock data directory ${dataDir}: the lock file ${lockPath} keeps changing`);
}

async function createExclusive(lockPath: string, content: string): Promise<boolean> {
  try {
    await fs.writeFile(lockPath, content, { flag: 'wx', mode: 0o644 });
    return true;
  } catch (error: unknown) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

// Moving the stale file aside is atomic, so of two processes taking over at once only one
// succeeds; if what we moved is no longer the stale lock we saw, another process won the race
// and we put its lock back.
async function takeOverStale(lockPath: string, staleContent: string): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    await fs.rename(lockPath, aside);
  } catch (error: unknown) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = await fs.readFile(aside, 'utf8');
  if (moved !== staleContent) {
    await fs.link(aside, lockPath).catch(() => undefined);
  }
  await fs.unlink(aside);
}

async function releaseLock(lockPath: string, pid: number): Promise<void> {
  const content = await fs.readFile(lockPath, 'utf8').catch(ignoreMissing);
  if (content === undefined || parseOwner(content)?.pid !== pid) return;
  await fs.unlink(lockPath).catch(ignoreMissing);
}

function parseOwner(content: string): LockOwner | undefined {
  try {
    const value = JSON.parse(content) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return undefined;
    return {
      pid: value.pid,
      hostname: typeof value.hostname === 'string' ? value.hostname : os.hostname(),
      ...optionalBootId(typeof value.bootId === 'string' ? value.bootId : undefined),
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : '',
    };
  } catch {
    return undefined; // unreadable: treat as stale
  }
}

function isLive(owner: LockOwner, me: LockOwner): boolean {
  // On another host we cannot check the process, so the lock stands.
  if (owner.hostname !== me.hostname) return true;
  if (owner.bootId !== undefined && me.bootId !== undefined && owner.bootId !== me.bootId) return false;
  return processExists(owner.pid);
}

export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM: it exists but belongs to another user.
    return errorCode(error) === 'EPERM';
  }
}

async function readBootId(): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  const id = await fs.readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => undefined);
  return id?.trim() || undefined;
}

function optionalBootId(bootId: string | undefined): { bootId?: string } {
  return bootId === undefined ? {} : { bootId };
}

function ignoreMissing(error: unknown): undefined {
  if (errorCode(error) === 'ENOENT') return undefined;
  throw error;
}
