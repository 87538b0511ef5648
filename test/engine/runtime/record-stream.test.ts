import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../harness.js';

describe('the record stream', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deploy('service-tasks.bpmn');
  });
  after(() => t.close());

  async function records(instanceKey: string) {
    const { rows } = await t.db.query<{ position: number; key: number; value_type: string; intent: string }>(
      `SELECT position, key, value_type, intent FROM engine.records
       WHERE process_instance_key = $1 ORDER BY position`,
      [instanceKey],
    );
    return rows;
  }

  it('reads back one row per record, in the order each command wrote them', async () => {
    const instanceKey = await t.start('service-tasks', { score: 10 });
    const job = await t.job('task-a');
    await t.engine.completeJob(job.key);

    const rows = await records(instanceKey);
    const steps = rows.map((row) => `${row.value_type} ${row.intent}`);
    // As the creating command wrote them: the process activating, its variables, the creation.
    expect(steps.slice(0, 3)).to.deep.equal([
      'PROCESS_INSTANCE ELEMENT_ACTIVATING',
      'VARIABLE CREATED',
      'PROCESS_INSTANCE_CREATION CREATED',
    ]);
    const jobSteps = rows.filter((row) => String(row.key) === job.key).map((row) => row.intent);
    expect(jobSteps).to.deep.equal(['CREATED', 'ACTIVATED', 'COMPLETED']);
    const positions = rows.map((row) => row.position);
    expect(new Set(positions).size).to.equal(positions.length);
  });

  it('stores one batch per instance for each command', async () => {
    const first = await t.start('service-tasks', { score: 10 });
    const second = await t.start('service-tasks', { score: 10 });
    const jobs = await t.jobs('task-a', 10);
    expect(jobs.map((job) => job.processInstanceKey)).to.include.members([first, second]);

    const { rows } = await t.db.query<{ process_instance_key: string; batches: number; records: number }>(
      `SELECT process_instance_key, count(*)::int AS batches, sum(json_array_length(records))::int AS records
       FROM engine.record_batches WHERE process_instance_key = ANY($1::bigint[])
       GROUP BY process_instance_key ORDER BY process_instance_key`,
      [[first, second]],
    );
    // Each instance: the creating command, then the activation of its job.
    expect(rows.map((row) => row.batches)).to.deep.equal([2, 2]);
    for (const row of rows) {
      expect(row.records).to.equal((await records(String(row.process_instance_key))).length);
    }
  });
});
