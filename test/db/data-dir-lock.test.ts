import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME } from '../../src/db/data-dir-lock.js';

const HOLDER = fileURLToPath(new URL('../support/hold-data-dir-lock.ts', import.meta.url));

/** Another process holding the lock, as a second `npm start` would meet it. */
async function holdLockInChild(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  expect(chunk.toString()).to.equal('locked\n');
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

async function expectRefused(dataDir: string): Promise<DataDirLockedError> {
  try {
    const lock = await acquireDataDirLock(dataDir);
    await lock.release();
  } catch (error: unknown) {
    if (error instanceof DataDirLockedError) return error;
    throw error;
  }
  throw new Error('expected the lock to be refused');
}

describe('data directory lock', () => {
  let dataDir: string;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'xinfang-lock-'));
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map(kill));
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a second process and names the one holding the directory', async () => {
    const holder = await holdLockInChild(dataDir);
    children.push(holder);

    const error = await expectRefused(dataDir);

    expect(error.pid).to.equal(holder.pid);
    expect(error.message).to.contain(
      `Another xinfang-flow process (pid ${holder.pid}) is using data directory ${dataDir}`,
    );
  });

  it('takes over the lock of a process that was killed', async () => {
    const holder = await holdLockInChild(dataDir);
    await kill(holder);

    const lock = await acquireDataDirLock(dataDir);

    const owner = JSON.parse(await fs.readFile(lock.path, 'utf8')) as { pid: number };
    expect(owner.pid).to.equal(process.pid);
    await lock.release();
  });

  it('refuses while held in this process and allows again after release', async () => {
    const lock = await acquireDataDirLock(dataDir);
    await expectRefused(dataDir);

    await lock.release();

    await fs.access(path.join(dataDir, LOCK_FILE_NAME)).then(
      () => expect.fail('the lock file should be gone'),
      () => undefined,
    );
    const again = await acquireDataDirLock(dataDir);
    await again.release();
  });

  it('treats a lock from before a reboot as stale, even if its pid is alive again (Linux boot id)', async () => {
    const beforeReboot = {
      pid: process.ppid,
      hostname: os.hostname(),
      bootId: 'an-earlier-boot',
      startedAt: '',
    };
    await fs.writeFile(path.join(dataDir, LOCK_FILE_NAME), JSON.stringify(beforeReboot));

    const lock = await acquireDataDirLock(dataDir);

    await lock.release();
  });

  it('treats an unreadable lock file as stale', async () => {
    await fs.writeFile(path.join(dataDir, LOCK_FILE_NAME), 'garbage');

    const lock = await acquireDataDirLock(dataDir);

    await lock.release();
  });
});
