import { expect } from 'chai';
import { DAY, T0, eventually, startTestEngine, type TestEngine } from '../engine/harness.js';
import { Run, cancelLive, deployModels } from './driver.js';

const HOUR = 60 * 60 * 1000;

describe('petition: deadline escalation', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await deployModels(t);
  });
  beforeEach(() => t.engine.pinClock(T0));
  afterEach(() => cancelLive(t));
  after(() => t.close());

  /** Due instants of the instance's waiting timers, by timer event id. */
  async function activeTimers(run: Run): Promise<Record<string, number>> {
    const { rows } = await t.db.query<{ element_id: string; due_at: string }>(
      `SELECT element_id, due_at FROM engine.timers WHERE process_instance_key = $1 AND state = 'ACTIVE'`,
      [run.key],
    );
    return Object.fromEntries(rows.map((row) => [row.element_id, Number(row.due_at)]));
  }

  /** Moves the clock and waits for the escalation job that the next timer creates; returns its headers. */
  async function escalate(
    run: Run,
    by: number,
    type: string,
    count: number,
  ): Promise<Record<string, string>> {
    await t.engine.addClockOffset(by);
    await eventually(async () => (await t.jobCount(run.key, type)) === count, `${type} job ${count}`);
    const job = await run.work(type);
    expect(job.variables.leadUnit).to.equal('U-ZJJ');
    return job.customHeaders;
  }

  it('reminds the unit before the acceptance deadline, urges at it and proposes accountability after it', async () => {
    const run = await Run.petition(t);
    await run.triage();
    await run.computeDeadlines('accept'); // due T0 + 5 days
    expect(await activeTimers(run)).to.deep.equal({
      'accept-remind-timer': T0 + 4 * DAY,
      'accept-due-timer': T0 + 5 * DAY,
      'accept-overdue-timer': T0 + 6 * DAY,
    });

    expect(await escalate(run, 4 * DAY, 'remind-unit', 1)).to.deep.equal({ stage: 'accept' });
    expect(await escalate(run, DAY, 'issue-letter', 1)).to.deep.equal({
      letter: 'supervision',
      stage: 'accept',
    });
    expect(await escalate(run, DAY, 'issue-letter', 2)).to.deep.equal({
      letter: 'accountability',
      stage: 'accept',
    });

    expect(await run.openTaskIds(), 'the timers do not interrupt the task').to.deep.equal(['accept']);
    await run.complete('accept', { acceptance: 'accept' });
    expect((await run.work('notify-petitioner')).customHeaders).to.deep.equal({ template: 'accepted' });
  });

  it('escalates the handling deadline the same way, and stops once the unit replies', async () => {
    const run = await Run.petition(t);
    await run.triage();
    await run.accept(); // handling due T0 + 20 days
    expect(await escalate(run, 19 * DAY, 'remind-unit', 1)).to.deep.equal({ stage: 'handle' });
    expect(await escalate(run, DAY, 'issue-letter', 1)).to.deep.equal({
      letter: 'supervision',
      stage: 'handle',
    });

    await run.reply();
    expect(await activeTimers(run), 'no accountability letter is pending after the reply').to.deep.equal({});
    expect(await run.openTaskIds()).to.deep.equal(['pre-review']);
  });

  it('escalates against the extended deadline once an extension is granted', async () => {
    const run = await Run.petition(t);
    await run.triage();
    await run.accept();
    await t.engine.addClockOffset(10 * DAY);
    await run.complete('handle', { handling: 'extend', extensionReason: '需要等待第三方检测报告。' });
    await run.complete('approve-extension', { extensionDecision: 'approve' });
    await run.computeDeadlines('extension'); // due T0 + 10 + 30 days
    expect(await activeTimers(run)).to.deep.equal({
      'handle-remind-timer': T0 + 39 * DAY,
      'handle-due-timer': T0 + 40 * DAY,
      'handle-overdue-timer': T0 + 41 * DAY,
    });
    expect(await escalate(run, 29 * DAY, 'remind-unit', 1)).to.deep.equal({ stage: 'handle' });
  });

  it('fires nothing for an acceptance that is decided in time', async () => {
    const run = await Run.petition(t);
    await run.triage();
    await run.computeDeadlines('accept');
    await t.engine.addClockOffset(3 * DAY + 23 * HOUR);
    await run.complete('accept', { acceptance: 'accept' });
    const { rows } = await t.db.query<{ state: string }>(
      `SELECT state FROM engine.timers WHERE process_instance_key = $1 AND element_id LIKE 'accept-%'`,
      [run.key],
    );
    expect(rows.map((row) => row.state)).to.deep.equal(['CANCELED', 'CANCELED', 'CANCELED']);
    expect(await t.jobCount(run.key, 'remind-unit')).to.equal(0);
  });
});
