import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../harness.js';

describe('multi-instance activities', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deploy('multi-instance.bpmn', 'inclusive.bpmn', 'signal.bpmn', 'signal-start.bpmn');
  });
  after(() => t.close());

  it('fans out over a list in parallel, collects outputs in order, then runs a sequential body until its condition holds', async () => {
    const key = await t.start('multi-instance', { units: ['police', 'housing', 'roads'] });
    const jobs = (await t.jobs('notify-unit', 50)).filter((j) => j.processInstanceKey === key);
    expect(jobs.map((j) => j.variables.unit).sort()).to.deep.equal(['housing', 'police', 'roads']);
    expect(jobs.map((j) => j.variables.loopCounter).sort()).to.deep.equal([1, 2, 3]);
    // complete out of order: outputs still land at each item's index
    for (const job of [...jobs].reverse())
      await t.engine.completeJob(job.key, { reply: `reply from ${String(job.variables.unit)}` });
    const replies = (await t.variables(key)).replies;
    expect(replies).to.deep.equal(['reply from police', 'reply from housing', 'reply from roads']);
    // sequential: one review at a time; completion condition after two
    for (let n = 1; n <= 2; n++) {
      const review = (await t.jobs('review', 50)).filter((j) => j.processInstanceKey === key);
      expect(review).to.have.length(1);
      expect(review[0]!.variables.r).to.equal(replies && (replies as string[])[n - 1]);
      await t.engine.completeJob(review[0]!.key, {});
    }
    expect(await t.instanceState(key)).to.equal('COMPLETED');
    expect(await t.jobCount(key, 'review')).to.equal(2);
  });

  it('completes at once over an empty list', async () => {
    const key = await t.start('multi-instance', { units: [], replies: [] });
    expect(await t.instanceState(key)).to.equal('COMPLETED');
  });

  it('raises an incident when the input collection is not a list', async () => {
    const key = await t.start('multi-instance', { units: 'police' });
    const [incident] = await t.incidents(key);
    expect(incident?.errorType).to.equal('EXTRACT_VALUE_ERROR');
    expect(incident?.elementId).to.equal('notify-unit');
  });

  describe('inclusive gateway', () => {
    it('forks into each flow whose condition holds and joins them', async () => {
      const key = await t.start('inclusive', { notifySms: true, notifyLetter: true });
      expect(await t.liveElements(key)).to.deep.equal(['letter', 'sms']);
      await t.completeAll(key, 'sms');
      expect(await t.instanceState(key)).to.equal('ACTIVE');
      await t.completeAll(key, 'letter');
      expect(await t.instanceState(key)).to.equal('COMPLETED');
    });

    it('joins at once when only one flow was taken', async () => {
      const key = await t.start('inclusive', { notifySms: true, notifyLetter: false });
      expect(await t.liveElements(key)).to.deep.equal(['sms']);
      await t.completeAll(key, 'sms');
      expect(await t.instanceState(key)).to.equal('COMPLETED');
    });

    it('takes the default flow when no condition holds', async () => {
      const key = await t.start('inclusive', { notifySms: false, notifyLetter: false });
      expect(await t.liveElements(key)).to.deep.equal(['log']);
    });
  });

  describe('signals', () => {
    it('broadcasts a signal to waiting instances and starts signal-start processes', async () => {
      const waiting = await t.start('signal', {});
      await t.engine.broadcastSignal({ signalName: 'county-alert', variables: { level: 'red' } });
      const { eventually } = await import('../harness.js');
      await eventually(async () => (await t.instanceState(waiting)) === 'COMPLETED', 'the catch event');
      await eventually(async () => {
        const { rows } = await t.db.query(
          `SELECT 1 FROM engine.process_instances WHERE bpmn_process_id = 'signal-start'`,
        );
        return rows.length === 1;
      }, 'the signal start');
    });
  });
});
