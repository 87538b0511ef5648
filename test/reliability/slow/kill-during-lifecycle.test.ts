// kill -9 of the whole system (`npm start`: engine, workers, outbox, app) at random moments while
// petitions go through registration, routing, acceptance, escalation (reminder, 督办函, 问责建议函),
// handling, reply and closure; the process is started again after each kill. At the end every
// petition is where its path ends, and nothing was lost or done twice: petitions, process
// instances, user tasks, jobs, letters, notices and SMS deliveries.
//
// The kill moments come from a seeded generator; the seed is printed, and RELIABILITY_SEED=<seed>
// replays the same moments (the system's own timing still varies).
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { seedReference } from '../../../src/domain/seed/index.js';
import { createUser } from '../../../src/domain/users/index.js';
import { ApiClient, idNumber } from '../../app/support.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { freePort } from '../../support/ports.js';
import {
  checkNothingDoubled,
  checkOutcomes,
  checkZeroShelving,
  PetitionDriver,
  planFor,
  START,
  type PathKind,
  type Plan,
} from '../support/petitions.js';
import {
  killHard,
  runSeed,
  seededRandom,
  sleep,
  startService,
  statusOf,
  until,
  whileRunning,
  type Service,
} from '../support/processes.js';

const PATHS: PathKind[] = Array.from(
  { length: 20 },
  (_, i) => (['escalated', 'closed', 'rejected', 'escalated', 'closed'] as const)[i % 5]!,
);
/**
 * The run has six phases, each hit by kills: tied to phases, not to wall time, the count is the
 * same on a fast or a loaded machine and every kind of work is interrupted. Two kills in the long
 * phases (the second hits the work resumed after the first); one at each escalation instant, whose
 * work is one burst of timer jobs that a kill 0.3–3 s in already lands in. Each kill costs a full
 * restart, so 9 kills keep the suite within its time on a busy two-core machine.
 */
const KILLS = { long: 2, instant: 1 };
const TOTAL_KILLS = 3 * KILLS.long + 3 * KILLS.instant;
/** A kill comes 0.3–3 s after the system is (again) ready. */
const KILL_AFTER_MS: [number, number] = [300, 3_000];
/**
 * Jobs a killed process had activated stay locked for their timeout (60 s) in engine time; the
 * pinned clock moves on by a little more after each restart, as it would during a real outage.
 */
const OUTAGE_MS = 61_000;
const PASSWORD = 'reliability-2026';
/**
 * How long a (re)start may take. Usually a few seconds, but `npm start` first rebuilds the web app
 * when its sources changed since the last build (a working tree being edited meanwhile), which
 * takes a minute or more on a loaded two-core machine. Waits that span a restart allow for it.
 */
const RESTART_MS = 180_000;
/** Work that a restart may interrupt: the restart plus time for the work itself. */
const WORK_MS = RESTART_MS + 120_000;

describe('kill -9 during petition lifecycles', function () {
  this.timeout(900_000);
  let database: TestDatabase;
  let dataDir: string;
  let system: Service | undefined;
  let sms: SmsGateway;
  /** Set when the test ends, so that a killer still running does not start the system again. */
  let stopKilling = false;

  before(async () => {
    database = await createTestDatabase();
    await seedReference(database.pool);
    await createUser(
      database.pool,
      {
        username: 'intake',
        displayName: '登记员',
        roles: ['intake'],
        unitCode: 'petition-office',
        password: PASSWORD,
      },
      new Date(START),
    );
    dataDir = mkdtempSync(join(tmpdir(), 'xf-reliability-kill-'));
    sms = await startSmsGateway();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed' && system) console.log(system.output());
  });

  after(async () => {
    stopKilling = true;
    if (system) await killHard(system);
    await sms.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing and does nothing twice across repeated kills', async () => {
    const random = seededRandom(runSeed('kill moments'));
    const [appPort, grpcPort, restPort] = [await freePort(), await freePort(), await freePort()];
    const env = {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      PORT: String(appPort),
      ENGINE_GRPC_PORT: String(grpcPort),
      ENGINE_REST_PORT: String(restPort),
      ENGINE_CLOCK_CONTROLLED: 'true',
      SMS_GATEWAY_URL: sms.url,
      XF_DATA_KEY: 'reliability-kill-test-data-key-0123456789',
    };
    const app = `http://127.0.0.1:${appPort}`;
    const start = async () => {
      system = startService('system', 'src/main.ts', env);
      await until(
        whileRunning(system, async () => (await statusOf(`${app}/ready`)) === 200),
        'the system to be ready',
        RESTART_MS,
        200,
      );
    };
    await start();
    const driver = new PetitionDriver(database.pool, `http://127.0.0.1:${restPort}`);
    const clock = new ClockKeeper(driver, START);
    await clock.apply();

    // The killer: kill -9 at random moments, start again, let the clock pass the outage.
    let kills = 0;
    const killSeveral = async (count: number) => {
      for (let k = 0; k < count && !stopKilling; k++) {
        const [low, high] = KILL_AFTER_MS;
        await sleep(low + random() * (high - low));
        if (stopKilling) return;
        await killHard(system!);
        kills++;
        await start();
        await clock.advance(OUTAGE_MS);
      }
    };
    const retryLater = () => sleep(300);
    const plans: Plan[] = [];
    /**
     * `work` while the killer strikes, then `work` once more: each phase's work can be repeated
     * (it does what is still open), so the second time it finishes what the last kill interrupted.
     * A failed restart is reported first: the work's own failure then follows from it.
     */
    const phase = async (kills: number, work: () => Promise<void>) => {
      const outcomes = await Promise.allSettled([killSeveral(kills), work()]);
      for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
      await work();
    };

    const clerk = new ApiClient(app);
    await phase(KILLS.long, async () => {
      for (const [i, path] of PATHS.entries()) {
        const number = await persist(() => registerOnce(clerk, database, i), 'registration');
        plans[i] = planFor(number, path);
      }
    });
    // Up to acceptance; the escalated cases wait there while the clock passes their reminder,
    // deadline and accountability instants.
    await phase(KILLS.long, () => driver.drive(plans, WORK_MS, retryLater));
    for (const name of ['acceptRemindAt', 'acceptDue', 'acceptAccountAt']) {
      await phase(KILLS.instant, async () => {
        const at = await persist(() => instantOf(database, name), name);
        await clock.moveTo(at);
        await driver.drive(plans, WORK_MS, retryLater);
      });
      await checkZeroShelving(database.pool);
    }
    await phase(KILLS.long, async () => {
      for (const plan of plans) plan.held.clear();
      await driver.drive(plans, WORK_MS, retryLater);
    });
    console.log(`      ${kills} kills`);
    expect(kills, 'kills during the run').to.equal(TOTAL_KILLS);

    await checkOutcomes(database.pool, plans);
    await checkNothingDoubled(database.pool);
    await checkZeroShelving(database.pool);
    await checkOneProcessPerPetition(database, plans.length);
    await checkSmsDelivered(database, sms);
  });
});

/** Repeats `work` until it succeeds: the system may be down for a restart. */
async function persist<T>(work: () => Promise<T>, what: string, timeoutMs = WORK_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await work();
    } catch (error: unknown) {
      if (Date.now() > deadline) throw new Error(`${what} kept failing`, { cause: error });
      await sleep(300);
    }
  }
}

/**
 * Registers petition `i` through the API as a clerk would. An answer lost to a kill is checked
 * the way a clerk would check it: by looking the case up before registering it again (a second
 * registration of the same matter would be a repeat petition).
 */
async function registerOnce(clerk: ApiClient, database: TestDatabase, i: number): Promise<string> {
  const title = `楼道堆放杂物存在消防隐患（第${i + 1}件）`;
  const { rows } = await database.pool.query<{ number: string }>(
    'SELECT number FROM app.petitions WHERE title = $1',
    [title],
  );
  if (rows[0]) return rows[0].number;
  if (clerk.cookie === undefined) await clerk.login('intake', PASSWORD);
  const answer = await clerk.send<{ petition: { number: string } }>('POST', '/api/petitions', {
    channel: 'visit',
    petitioner: { name: '赵德明', idNumber: idNumber('1958-11-03', i + 1), phone: '13700137000' },
    title,
    content: '楼道内长期堆放杂物，存在消防隐患，请求有关部门督促清理。',
    category: 'housing-security',
    area: 'xicheng',
  });
  if (answer.status === 401) clerk.cookie = undefined;
  if (answer.status !== 201) throw new Error(`registration answered ${answer.status}`);
  return answer.body.petition.number;
}

/** The one value of an escalation instant shared by the petitions (registered the same minute). */
async function instantOf(database: TestDatabase, name: string): Promise<number> {
  const { rows } = await database.pool.query<{ at: string }>(
    `SELECT max(value #>> '{}') AS at FROM engine.variables WHERE name = $1`,
    [name],
  );
  const at = rows[0]?.at;
  if (at === undefined || at === null) throw new Error(`no ${name} yet`);
  return Date.parse(at);
}

/**
 * The pinned engine clock, moved only forward and one change at a time: a restart's outage and a
 * test step may both move it, and a repeated pin (after a kill swallowed the answer) is harmless.
 */
class ClockKeeper {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly driver: PetitionDriver,
    private target: number,
  ) {}

  apply(): Promise<void> {
    const run = this.chain.then(() => persist(() => this.driver.pinClock(this.target), 'pinning the clock'));
    this.chain = run.catch(() => undefined);
    return run;
  }

  advance(ms: number): Promise<void> {
    this.target += ms;
    return this.apply();
  }

  moveTo(instant: number): Promise<void> {
    this.target = Math.max(this.target, instant);
    return this.apply();
  }
}

async function checkOneProcessPerPetition(database: TestDatabase, petitions: number): Promise<void> {
  const { rows } = await database.pool.query<{ number: string; n: string }>(
    `SELECT v.value #>> '{}' AS number, count(*) AS n
     FROM engine.process_instances i
     JOIN engine.variables v ON v.scope_key = i.key AND v.name = 'petitionId'
     WHERE i.bpmn_process_id = 'petition' GROUP BY 1`,
  );
  expect(
    rows.filter((row) => row.n !== '1'),
    'one process per petition',
  ).to.deep.equal([]);
  expect(rows, 'a process for every petition').to.have.length(petitions);
  const { rows: stored } = await database.pool.query<{ n: string }>(
    'SELECT count(*) AS n FROM app.petitions',
  );
  expect(Number(stored[0]!.n), 'no petition registered twice').to.equal(petitions);
}

/**
 * Every queued SMS reached the gateway, and the gateway got nothing the outbox does not hold.
 * A kill between a send and its `sent` mark repeats the send once the claim expires (at least
 * once, by design); the gateway drops such repeats by their idempotency key.
 */
async function checkSmsDelivered(database: TestDatabase, sms: SmsGateway): Promise<void> {
  // A claim held by a killed process expires after 5 minutes; let that time pass for it.
  await database.pool.query(`UPDATE app.notifications SET next_attempt_at = now() WHERE status = 'sending'`);
  await until(
    async () => {
      const { rows } = await database.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM app.notifications WHERE status <> 'sent'`,
      );
      return rows[0]!.n === '0';
    },
    'every notification to be sent',
    60_000,
    250,
  );
  const { rows } = await database.pool.query<{ idempotency_key: string }>(
    `SELECT idempotency_key FROM app.notifications WHERE channel = 'sms'`,
  );
  const queued = new Set(rows.map((row) => row.idempotency_key));
  const received = new Set(sms.keys);
  expect(
    [...queued].filter((key) => !received.has(key)),
    'SMS never delivered',
  ).to.deep.equal([]);
  expect(
    [...received].filter((key) => !queued.has(key)),
    'SMS delivered without a notice',
  ).to.deep.equal([]);
  console.log(
    `      ${queued.size} SMS, ${sms.keys.length - received.size} repeated deliveries dropped by key`,
  );
}

interface SmsGateway {
  url: string;
  /** Idempotency keys of every delivery, repeats included. */
  keys: string[];
  close(): Promise<void>;
}

/** A stand-in SMS gateway that records each delivery's idempotency key and answers 200. */
async function startSmsGateway(): Promise<SmsGateway> {
  const keys: string[] = [];
  const server = http.createServer((req, res) => {
    const key = req.headers['idempotency-key'];
    req.resume();
    req.on('end', () => {
      if (typeof key === 'string') keys.push(key);
      res.writeHead(typeof key === 'string' ? 200 : 400, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/send`,
    keys,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
