import { expect } from 'chai';
import { DataKey } from '../../src/domain/petitioners/index.js';
import { getPetitionByNumber, registerIntake, type Petition } from '../../src/domain/petitions/index.js';
import { seedReference } from '../../src/domain/seed/index.js';
import { closePetition } from '../../workers/close-petition.js';
import { computeDeadlines } from '../../workers/compute-deadlines.js';
import { issueLetterWorker } from '../../workers/issue-letter.js';
import { runJob, type DefinedWorker } from '../../workers/lib/define-worker.js';
import type { WorkerDeps } from '../../workers/lib/deps.js';
import { notifyPetitioner } from '../../workers/notify-petitioner.js';
import { routePetition } from '../../workers/route-petition.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { fakeJob, silent, type Outcome } from './fake-job.js';

/** Friday 2026-02-13 10:00 in Shanghai, just before the Spring Festival holiday. */
const BEFORE_SPRING_FESTIVAL = Date.parse('2026-02-13T02:00:00Z');

describe('petition job workers (fake jobs, real database)', () => {
  let database: TestDatabase;
  let deps: WorkerDeps;
  let now = BEFORE_SPRING_FESTIVAL;
  let petition: Petition;

  /** Any of the workers: their specs differ only in the shapes of variables and headers. */
  async function run(
    worker: { spec: unknown },
    variables: Record<string, unknown>,
    headers = {},
    key?: string,
  ): Promise<Outcome> {
    const { job, outcome } = fakeJob(variables, headers, key ? { key } : {});
    await runJob(worker.spec as DefinedWorker<never, never>['spec'], job, deps, silent);
    return outcome();
  }

  before(async () => {
    database = await createTestDatabase();
    await seedReference(database.pool);
    deps = {
      db: database.pool,
      dataKey: DataKey.fromSecret('a-test-secret-that-is-long-enough-1234'),
      now: () => Promise.resolve(now),
    };
    const intake = await registerIntake(database.pool, deps.dataKey, {
      petitioner: { name: '王秀英', idNumber: '11010519491231002X', phone: '13800138000' },
      channel: 'visit',
      title: '小区楼顶漏水长期未修',
      content: '反映小区楼顶漏水问题，物业多次推诿。',
      category: 'housing-security',
      area: 'xicheng',
      registeredAt: new Date(now),
      registeredBy: 'demo-intake',
    });
    petition = intake.petition;
  });
  after(() => database.drop());

  it('route-petition proposes the lead unit from the routing rules', async () => {
    const outcome = await run(routePetition, {
      petitionId: petition.number,
      category: 'housing-security',
      area: 'xicheng',
    });
    expect(outcome.kind).to.equal('complete');
    const variables = (outcome as { variables: Record<string, unknown> }).variables;
    expect(variables.leadUnit).to.be.a('string').and.not.equal('');
    expect(variables.line).to.equal('ordinary');
    expect((await getPetitionByNumber(database.pool, petition.number))!.stage).to.equal('triage');
  });

  it('compute-deadlines counts 5 working days across the Spring Festival for acceptance', async () => {
    const outcome = await run(
      computeDeadlines,
      { petitionId: petition.number, procedure: 'normal' },
      { stage: 'accept' },
    );
    expect(outcome.kind).to.equal('complete');
    const variables = (outcome as { variables: Record<string, string> }).variables;
    // Registered Friday 13 Feb: working day 1 is Saturday 14 Feb (a make-up working day); the holiday
    // runs 15–23 Feb; days 2–5 are 24–27 Feb. Due at the end of 27 Feb, Shanghai time.
    expect(variables.acceptDue).to.equal('2026-02-27T15:59:59.999Z');
    expect(Date.parse(variables.acceptRemindAt!)).to.be.below(Date.parse(variables.acceptDue!));
    expect(Date.parse(variables.acceptAccountAt!)).to.be.above(Date.parse(variables.acceptDue!));
    const stored = await getPetitionByNumber(database.pool, petition.number);
    expect(stored!.acceptDue!.toISOString()).to.equal(variables.acceptDue);
  });

  it('compute-deadlines raises an incident at once for a year with no published holiday schedule', async () => {
    now = Date.parse('2027-03-01T02:00:00Z');
    try {
      const outcome = await run(
        computeDeadlines,
        { petitionId: petition.number, procedure: 'normal' },
        { stage: 'handle' },
      );
      expect(outcome).to.include({ kind: 'fail', retries: 0 });
      expect((outcome as { errorMessage: string }).errorMessage).to.contain('2027');
    } finally {
      now = BEFORE_SPRING_FESTIVAL;
    }
  });

  it('fails without retries when the job input is invalid, naming the field', async () => {
    const outcome = await run(computeDeadlines, { petitionId: petition.number }, { stage: 'someday' });
    expect(outcome).to.include({ kind: 'fail', retries: 0 });
    expect((outcome as { errorMessage: string }).errorMessage).to.contain('stage');
  });

  it('notify-petitioner queues one SMS however often the same job is retried', async () => {
    const variables = { petitionId: petition.number, leadUnit: 'housing-construction' };
    await run(notifyPetitioner, variables, { template: 'accepted' }, '2251799813999001');
    await run(notifyPetitioner, variables, { template: 'accepted' }, '2251799813999001');
    const { rows } = await database.pool.query<{ recipient: string; body: string }>(
      `SELECT recipient, body FROM app.notifications WHERE petition_id = $1 AND template = 'accepted'`,
      [petition.id],
    );
    expect(rows).to.have.length(1);
    expect(rows[0]!.recipient).to.equal('13800138000');
    expect(rows[0]!.body).to.contain(petition.number);
  });

  it('issue-letter issues one 督办函 per deadline, even when the deadline is met again after a rework', async () => {
    const variables = {
      petitionId: petition.number,
      leadUnit: 'housing-construction',
      handleDue: '2026-03-19T15:59:59.999Z',
    };
    const first = await run(issueLetterWorker, variables, { letter: 'supervision', stage: 'handle' });
    const again = await run(issueLetterWorker, variables, { letter: 'supervision', stage: 'handle' });
    expect([first.kind, again.kind]).to.deep.equal(['complete', 'complete']);
    const { rows } = await database.pool.query<{ number: string; unit_code: string }>(
      `SELECT number, unit_code FROM app.letters WHERE petition_id = $1 AND kind = 'supervision'`,
      [petition.id],
    );
    expect(rows).to.have.length(1);
    expect(rows[0]!.unit_code).to.equal('housing-construction');
    expect(rows[0]!.number).to.match(/^云溪信督〔2026〕\d+号$/);
  });

  it('close-petition records the return-visit ratings and closes the petition', async () => {
    const outcome = await run(closePetition, {
      petitionId: petition.number,
      acceptanceSatisfaction: 'satisfied',
      satisfaction: 'basically',
    });
    expect(outcome.kind).to.equal('complete');
    const stored = await getPetitionByNumber(database.pool, petition.number);
    expect(stored!.stage).to.equal('closed');
    const { rows } = await database.pool.query<{ stage: string; rating: string }>(
      'SELECT stage, rating FROM app.ratings WHERE petition_id = $1 ORDER BY stage',
      [petition.id],
    );
    expect(rows.map((r) => `${r.stage}:${r.rating}`)).to.deep.equal(['accept:satisfied', 'handle:basically']);
  });

  it('fails with a retry left when the database refuses (a passing problem)', async () => {
    const broken: WorkerDeps = {
      ...deps,
      db: { query: () => Promise.reject(new Error('connection reset')) } as never,
    };
    const { job, outcome } = fakeJob({ petitionId: petition.number }, { stage: 'replied' }, { retries: 3 });
    const { updatePetition } = await import('../../workers/update-petition.js');
    await runJob(updatePetition.spec, job, broken, silent);
    expect(outcome()).to.include({ kind: 'fail', retries: 2 });
  });
});
