// Many workers polling one backlog at the same moment: the engine claims jobs in one statement
// over rows locked with SKIP LOCKED, so each job goes to exactly one poller. The fast, certain
// companion of slow/two-worker-processes.test.ts, where two real processes race only now and
// then: without the row lock, pollers starting together would all claim the same first jobs.
import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../engine/harness.js';

const INSTANCES = 120;
/** More pollers than the engine's four connections, so claims queue and overlap. */
const POLLERS = 8;
const BATCH = 5;

describe('concurrent job activation', function () {
  this.timeout(60_000);
  let test: TestEngine;

  before(async () => {
    test = await startTestEngine();
    await test.deploy('service-tasks.bpmn');
    for (let i = 0; i < INSTANCES; i++) await test.start('service-tasks', { amount: i % 100 });
  });

  after(() => test.close());

  it('hands each job of a backlog to exactly one of many concurrent pollers', async () => {
    const handedOut: string[] = [];
    for (;;) {
      const polls = await Promise.all(
        Array.from({ length: POLLERS }, (_, i) =>
          test.engine.activateJobs({
            type: 'task-a',
            worker: `poller-${i}`,
            timeout: 60_000,
            maxJobsToActivate: BATCH,
          }),
        ),
      );
      const jobs = polls.flat();
      if (jobs.length === 0) break;
      handedOut.push(...jobs.map((job) => job.key));
    }
    const once = new Set(handedOut);
    expect(handedOut.length - once.size, 'jobs handed to two pollers').to.equal(0);
    expect(once.size, 'every job of the backlog handed out').to.equal(INSTANCES);

    const { rows } = await test.db.query<{ activations: number | string; worker: string }>(
      `SELECT count(*) FILTER (WHERE r.intent = 'ACTIVATED') AS activations, j.worker
       FROM engine.jobs j JOIN engine.records r ON r.key = j.key AND r.value_type = 'JOB'
       WHERE j.type = 'task-a' GROUP BY j.key, j.worker`,
    );
    expect(rows, 'task-a jobs stored').to.have.length(INSTANCES);
    expect(
      rows.filter((row) => Number(row.activations) !== 1),
      'jobs recorded as activated more than once',
    ).to.deep.equal([]);
    // The backlog was shared out: the test raced pollers, not one poller after another.
    expect(new Set(rows.map((row) => row.worker)).size, 'pollers that got jobs').to.be.greaterThan(1);
  });
});
