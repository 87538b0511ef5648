// `npm start` as a whole: a real process on free ports, against a test database.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { LOCK_FILE_NAME } from '../../src/db/data-dir-lock.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort } from '../support/ports.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface LogLine {
  level: number;
  component?: string;
  msg: string;
}

describe('npm start', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let dataDir: string;
  let child: ChildProcess | undefined;
  const logs: LogLine[] = [];

  before(async () => {
    database = await createTestDatabase();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'xinfang-main-'));
  });
  after(async () => {
    if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
    await database.drop();
  });

  async function waitForLog(message: RegExp, timeoutMs = 30_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = logs.find((line) => message.test(line.msg));
      if (found !== undefined) return found;
      if (child?.exitCode !== null) throw new Error(`exited before logging ${String(message)}`);
      if (Date.now() > deadline) throw new Error(`no log line ${String(message)}`);
      await Promise.race([once(child.stdout!, 'data'), once(child, 'exit')]);
    }
  }

  it('starts everything, is ready, and stops in reverse order on SIGTERM', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--demo'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        PORT: String(port),
        ENGINE_GRPC_PORT: String(await freePort()),
        ENGINE_REST_PORT: String(await freePort()),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) logs.push(JSON.parse(line) as LogLine);
    });

    await waitForLog(/^xinfang-flow is running at /);
    expect(logs.some((line) => line.msg.startsWith('demo mode: sign in as demo-intake'))).to.equal(true);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.include({ status: 'UP', failed: [] });
    await fs.access(path.join(dataDir, LOCK_FILE_NAME));

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];

    expect(code).to.equal(0);
    const stopping = logs.filter((line) => line.msg.startsWith('stopping ')).map((line) => line.msg);
    expect(stopping).to.deep.equal([
      'stopping app server',
      'stopping notification outbox',
      'stopping job workers',
      'stopping Camunda client',
      'stopping embedded engine',
      'stopping database pool',
      'stopping data directory lock',
    ]);
    await fs.access(path.join(dataDir, LOCK_FILE_NAME)).then(
      () => expect.fail('the lock should be released'),
      () => undefined,
    );
  });
});
