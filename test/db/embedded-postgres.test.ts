import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { pino } from 'pino';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { postgresOsUser } from '../../src/db/postgres-os-user.js';
import { freePort } from '../support/ports.js';

const logger = pino({ level: 'silent' });

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function tempDataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'xinfang-pg-'));
  await fs.chmod(dir, 0o755); // reachable for the postgres OS user when we are root
  return dir;
}

describe('embedded PostgreSQL', function () {
  this.timeout(60_000);
  const started: EmbeddedPostgres[] = [];
  const dirs: string[] = [];

  async function start(dataDir: string, port?: number): Promise<EmbeddedPostgres> {
    const server = await startEmbeddedPostgres({
      dataDir,
      port: port ?? (await freePort()),
      logger,
      durability: 'none',
    });
    started.push(server);
    return server;
  }

  async function dataDir(): Promise<string> {
    const dir = await tempDataDir();
    dirs.push(dir);
    return dir;
  }

  after(async () => {
    for (const server of started) await server.stop();
    for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
  });

  it('creates the xinfang database in a UTF-8 cluster under <dataDir>/postgres', async () => {
    const dir = await dataDir();
    const server = await start(dir);

    expect(new URL(server.url).pathname).to.equal('/xinfang');
    const { rows } = await query(
      server.url,
      "SELECT current_database() AS db, current_setting('server_encoding') AS enc",
    );
    expect(rows[0]).to.deep.equal({ db: 'xinfang', enc: 'UTF8' });
    await fs.access(path.join(dir, 'postgres', 'PG_VERSION'));
    await server.stop();
  });

  it('keeps its data across a restart instead of initialising again', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    await query(first.url, "CREATE TABLE petitions (title text); INSERT INTO petitions VALUES ('拖欠工资')");
    await first.stop();

    const second = await start(dir);

    const { rows } = await query(second.url, 'SELECT title FROM petitions');
    expect(rows).to.deep.equal([{ title: '拖欠工资' }]);
    expect(second.url).to.equal(first.url.replace(`:${first.port}/`, `:${second.port}/`));
    await second.stop();
  });

  it('stops a server left running by an earlier process before starting its own', async () => {
    const dir = await dataDir();
    // As if the process that started it had been killed: nobody stops it.
    const leftover = await start(dir);

    const server = await start(dir);

    await query(server.url, 'SELECT 1');
    await query(leftover.url, 'SELECT 1').then(
      () => expect.fail('the leftover server should be gone'),
      () => undefined,
    );
    await server.stop();
  });

  it('ignores a stale postmaster.pid whose pid now belongs to another program, as after a reboot', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    await first.stop();
    // A live process of the user PostgreSQL runs as: PostgreSQL itself would refuse to start.
    const user = await postgresOsUser();
    const unrelated = spawn('sleep', ['60'], {
      stdio: 'ignore',
      ...(user && { uid: user.uid, gid: user.gid }),
    });
    try {
      const pidFile = path.join(dir, 'postgres', 'postmaster.pid');
      await fs.writeFile(pidFile, `${unrelated.pid}\n${path.join(dir, 'postgres')}\n`);

      const server = await start(dir);

      await query(server.url, 'SELECT 1');
      await server.stop();
      expect(unrelated.exitCode).to.equal(null);
    } finally {
      unrelated.kill();
    }
  });

  it('explains a port that is already taken', async () => {
    const taken = await start(await dataDir());

    const error = await start(await dataDir(), taken.port).then(
      () => expect.fail('expected the second server to fail'),
      (thrown: unknown) => thrown as Error,
    );

    expect(error.message).to.contain(`Embedded PostgreSQL on port ${taken.port} stopped while starting`);
    expect(error.message).to.contain('EMBEDDED_PG_PORT');
    expect(error.message).to.contain('Address already in use');
    await taken.stop();
  });

  it('refuses to initialise over a directory that holds something else', async () => {
    const dir = await dataDir();
    await fs.mkdir(path.join(dir, 'postgres'));
    await fs.writeFile(path.join(dir, 'postgres', 'notes.txt'), '台账');

    const error = await start(dir).then(
      () => expect.fail('expected a refusal'),
      (thrown: unknown) => thrown as Error,
    );

    expect(error.message).to.contain('holds no PostgreSQL cluster');
    expect(await fs.readFile(path.join(dir, 'postgres', 'notes.txt'), 'utf8')).to.equal('台账');
  });
});
