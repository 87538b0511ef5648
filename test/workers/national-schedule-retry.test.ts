// The operator's path when next year's holiday schedule is missing: compute-deadlines fails with no
// retries (an incident), the administrator enters the year, and the retried job (the incident
// resolved) succeeds. Uses the 2027 test schedule (test data, not the official schedule).
import { expect } from 'chai';
import { saveNationalYear } from '../../src/domain/deadline-rules/index.js';
import { DataKey } from '../../src/domain/petitioners/index.js';
import { getPetitionByNumber, registerIntake } from '../../src/domain/petitions/index.js';
import { seedReference } from '../../src/domain/seed/index.js';
import { computeDeadlines } from '../../workers/compute-deadlines.js';
import { runJob, type DefinedWorker } from '../../workers/lib/define-worker.js';
import type { WorkerDeps } from '../../workers/lib/deps.js';
import { testSchedule2027 } from '../domain/calendar/test-schedule-2027.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { fakeJob, silent } from './fake-job.js';

/** Friday 2026-12-04 10:00 in Shanghai: 60 working days of handling end in 2027. */
const ACCEPTED = Date.parse('2026-12-04T02:00:00Z');

describe('compute-deadlines before and after next year’s schedule is entered', () => {
  let database: TestDatabase;
  let deps: WorkerDeps;
  let number: string;

  before(async () => {
    database = await createTestDatabase();
    await seedReference(database.pool);
    deps = {
      db: database.pool,
      dataKey: DataKey.fromSecret('a-test-secret-that-is-long-enough-1234'),
      now: () => Promise.resolve(ACCEPTED),
    };
    const intake = await registerIntake(database.pool, deps.dataKey, {
      petitioner: { name: '赵六', idNumber: '11010519491231002X', phone: '13800138000' },
      channel: 'visit',
      title: '村道路灯损坏',
      content: '反映村道路灯损坏多日无人维修。',
      category: 'housing-security',
      area: 'xicheng',
      registeredAt: new Date(ACCEPTED),
      registeredBy: 'demo-intake',
    });
    number = intake.petition.number;
  });
  after(() => database.drop());

  const runHandleJob = async () => {
    const { job, outcome } = fakeJob({ petitionId: number, procedure: 'normal' }, { stage: 'handle' });
    await runJob(computeDeadlines.spec as DefinedWorker<never, never>['spec'], job, deps, silent);
    return outcome();
  };

  it('fails with no retries and the unpublished-year message, then succeeds once 2027 is entered', async () => {
    const failed = await runHandleJob();
    expect(failed).to.deep.include({
      kind: 'fail',
      retries: 0,
      errorMessage: '2027 年的节假日安排尚未公布，无法计算工作日',
    });
    expect((await getPetitionByNumber(database.pool, number))?.handleDue).to.equal(null);

    await saveNationalYear(database.pool, testSchedule2027(), { actor: 'admin', at: new Date(ACCEPTED) });

    const retried = await runHandleJob();
    expect(retried.kind).to.equal('complete');
    const handleDue = (retried as { variables: Record<string, string> }).variables.handleDue!;
    // A 2027 instant, and the one the petition records.
    expect(handleDue.startsWith('2027-')).to.equal(true);
    expect((await getPetitionByNumber(database.pool, number))?.handleDue?.toISOString()).to.equal(handleDue);
  });
});
