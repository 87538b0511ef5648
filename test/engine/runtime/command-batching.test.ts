import { expect } from 'chai';
import { EngineError } from '../../../src/engine/errors.js';
import { startTestEngine, type TestEngine } from '../harness.js';

/**
 * One command transaction at a time, so that commands issued together queue behind the first and
 * then run as one batch: what a busy engine does with many.
 */
describe('commands that queue up together', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine({ commandTransactions: 1 });
    await t.deploy('service-tasks.bpmn', 'parallel-with-inner-xor.bpmn');
  });
  after(() => t.close());

  /**
   * Counts the connections the engine takes for transactions while `work` runs (single statements
   * go through the pool's `query`, which takes its connection with a callback).
   */
  async function transactionsOf<T>(work: () => Promise<T>): Promise<{ result: T; transactions: number }> {
    const pool = t.db as unknown as { connect: (...args: unknown[]) => unknown };
    const connect = pool.connect;
    let transactions = 0;
    pool.connect = function (this: unknown, ...args: unknown[]) {
      if (args.length === 0) transactions++;
      return connect.apply(this, args);
    };
    try {
      return { result: await work(), transactions };
    } finally {
      pool.connect = connect;
    }
  }

  async function startedWithJobs(count: number): Promise<{ keys: string[]; jobKeys: string[] }> {
    const keys: string[] = [];
    for (let i = 0; i < count; i++)
      keys.push(await t.start('service-tasks', { amount: 1, petition: { id: i } }));
    const jobs = (await t.jobs('task-a', 100)).filter((job) => keys.includes(job.processInstanceKey));
    expect(jobs).to.have.length(count);
    return { keys, jobKeys: jobs.map((job) => job.key) };
  }

  it('share one transaction, and each command gets its own outcome', async () => {
    const { keys, jobKeys } = await startedWithJobs(6);
    const { transactions } = await transactionsOf(() =>
      Promise.all(jobKeys.map((key, i) => t.engine.completeJob(key, { result: { score: i } }))),
    );
    // The first runs alone; the five that queued behind it run together.
    expect(transactions).to.equal(2);
    for (const [i, key] of keys.entries()) {
      expect(await t.variables(key)).to.include({ score: i });
      expect(await t.liveElements(key)).to.deep.equal(['c']);
    }
  });

  it('create instances together, each with its own key and first job', async () => {
    const { result: created, transactions } = await transactionsOf(() =>
      Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          t.engine.createProcessInstance({
            bpmnProcessId: 'service-tasks',
            variables: { amount: i, petition: { id: i } },
          }),
        ),
      ),
    );
    // Each creation first looks up the latest version, so they reach the queue at different
    // moments; alone they would take five transactions.
    expect(transactions).to.be.below(5);
    const keys = created.map((instance) => instance.processInstanceKey);
    expect(new Set(keys).size).to.equal(5);
    for (const [i, key] of keys.entries()) {
      expect(await t.liveElements(key)).to.deep.equal(['a']);
      expect(await t.variables(key)).to.include({ amount: i });
    }
  });

  it('apply two commands on one instance in order, as if one ran after the other', async () => {
    const key = await t.start('parallel-with-inner-xor', { route: 'x' });
    const jobs = [...(await t.jobs('left-work')), ...(await t.jobs('x-work'))].filter(
      (job) => job.processInstanceKey === key,
    );
    expect(jobs).to.have.length(2);
    const { keys: others, jobKeys } = await startedWithJobs(1);
    await Promise.all([
      t.engine.completeJob(jobKeys[0]!, { result: { score: 1 } }),
      ...jobs.map((job) => t.engine.completeJob(job.key, { [job.type]: true })),
    ]);
    // The join saw both branches arrive: the instance is done, with both outputs.
    expect(await t.instanceState(key)).to.equal('COMPLETED');
    expect(await t.liveElements(others[0]!)).to.deep.equal(['c']);
  });

  it('reject only the commands that are wrong; the others commit', async () => {
    const { keys, jobKeys } = await startedWithJobs(4);
    await t.engine.completeJob(jobKeys[3]!, { result: { score: 1 } });
    const outcomes = await Promise.allSettled([
      t.engine.completeJob(jobKeys[0]!, { result: { score: 1 } }),
      t.engine.completeJob('2251799813999999', {}), // no such job
      t.engine.completeJob(jobKeys[1]!, { result: { score: 1 } }),
      t.engine.completeJob(jobKeys[3]!, {}), // completed already
      t.engine.completeJob(jobKeys[2]!, { result: { score: 1 } }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).to.deep.equal([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const reasons = outcomes.flatMap((outcome): unknown[] =>
      outcome.status === 'rejected' ? [outcome.reason] : [],
    );
    for (const reason of reasons)
      expect(reason).to.be.instanceOf(EngineError).with.property('code', 'NOT_FOUND');
    for (const key of keys) expect(await t.liveElements(key)).to.deep.equal(['c']);
  });

  it('answer a command on an instance that an earlier command of the batch ended', async () => {
    const { keys, jobKeys } = await startedWithJobs(2);
    const outcomes = await Promise.allSettled([
      t.engine.completeJob(jobKeys[0]!, { result: { score: 1 } }),
      t.engine.cancelProcessInstance(keys[1]!),
      t.engine.completeJob(jobKeys[1]!, { result: { score: 1 } }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).to.deep.equal(['fulfilled', 'fulfilled', 'rejected']);
    expect(await t.instanceState(keys[1]!)).to.equal('TERMINATED');
    expect(await t.liveElements(keys[0]!)).to.deep.equal(['c']);
  });
});
