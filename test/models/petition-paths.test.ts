import { expect } from 'chai';
import { T0, startTestEngine, type TestEngine } from '../engine/harness.js';
import { Run, cancelLive, deployModels } from './driver.js';

describe('petition: acceptance paths', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await deployModels(t);
  });
  beforeEach(() => t.engine.pinClock(T0));
  afterEach(() => cancelLive(t));
  after(() => t.close());

  it('runs a petition from registration to closed, with the contract groups, forms, due dates and headers', async () => {
    const run = await Run.petition(t);
    const route = await run.work('route-petition', { leadUnit: 'U-ZJJ', coUnits: [], line: 'ordinary' });
    expect(route.variables).to.include({ category: 'urban-management', area: '330122' });

    expect(await run.task('triage')).to.deep.include({
      candidateGroups: ['office'],
      formId: 'petition-triage',
    });
    await run.complete('triage', {
      kind: 'appeal',
      line: 'ordinary',
      procedure: 'normal',
      riskLevel: 'low',
      leadUnit: 'U-ZJJ',
      coUnits: [],
    });
    expect(await run.openTaskIds(), 'no discipline check for a repeat-free, known petitioner').to.deep.equal(
      [],
    );

    const acceptJob = (await run.jobs('compute-deadlines'))[0]!;
    expect(acceptJob.customHeaders).to.deep.equal({ stage: 'accept' });
    expect(acceptJob.variables).to.include({ procedure: 'normal', registeredAt: '2026-01-05T08:00:00.000Z' });
    await t.engine.completeJob(acceptJob.key, {
      acceptDue: '2026-01-12T09:00:00.000Z',
      acceptRemindAt: '2026-01-09T09:00:00.000Z',
      acceptAccountAt: '2026-01-13T09:00:00.000Z',
    });

    const accept = await run.task('accept');
    expect(accept).to.deep.include({ candidateGroups: ['unit:U-ZJJ'], formId: 'petition-acceptance' });
    expect(Date.parse(accept.dueDate!)).to.equal(Date.parse('2026-01-12T09:00:00Z'));
    await run.complete('accept', { acceptance: 'accept' });
    expect((await run.work('notify-petitioner')).customHeaders).to.deep.equal({ template: 'accepted' });
    const handleDeadlines = await run.computeDeadlines('handle');

    const handle = await run.task('handle');
    expect(handle).to.deep.include({ candidateGroups: ['unit:U-ZJJ'], formId: 'petition-handling' });
    expect(Date.parse(handle.dueDate!)).to.equal(Date.parse(handleDeadlines.handleDue as string));
    await run.reply();

    expect(await run.task('pre-review')).to.deep.include({
      candidateGroups: ['office-review'],
      formId: 'reply-review',
    });
    await run.approveReply();
    expect(await run.task('return-visit')).to.deep.include({
      candidateGroups: ['office'],
      formId: 'return-visit',
    });
    await run.visitAndClose('basically');

    expect(await run.state()).to.equal('COMPLETED');
    expect(await t.elementStates(run.key, 'closed')).to.deep.equal(['COMPLETED']);
    expect(
      await t.jobCount(run.key, 'issue-letter'),
      'no letters for an on-time, low-risk petition',
    ).to.equal(0);
  });

  it('tells the petitioner and closes the case when the unit does not accept it', async () => {
    const run = await Run.petition(t);
    await run.triage();
    await run.computeDeadlines('accept');
    await run.complete('accept', { acceptance: 'reject', rejectReason: '该事项已经依法作出生效处理决定。' });
    expect((await run.work('notify-petitioner')).customHeaders).to.deep.equal({ template: 'not-accepted' });
    await run.work('close-petition');
    expect(await run.state()).to.equal('COMPLETED');
    expect(await t.elementStates(run.key, 'rejected-closed')).to.deep.equal(['COMPLETED']);
    expect(await t.elementStates(run.key, 'handle')).to.deep.equal([]);
  });

  it('sends an objected routing back to triage, then to the newly chosen unit with new deadlines', async () => {
    const run = await Run.petition(t);
    await run.triage({ leadUnit: 'U-JTJ' });
    await run.computeDeadlines('accept');
    expect((await run.task('accept')).candidateGroups).to.deep.equal(['unit:U-JTJ']);
    await run.complete('accept', {
      acceptance: 'object',
      objectionReason: '路灯由城管部门负责维护，不属于本单位职责。',
    });

    expect(await run.openTaskIds()).to.deep.equal(['triage']);
    await run.complete('triage', {
      kind: 'appeal',
      line: 'ordinary',
      procedure: 'normal',
      riskLevel: 'low',
      leadUnit: 'U-ZJJ',
      coUnits: [],
    });
    await t.engine.addClockOffset(2 * 60 * 60 * 1000);
    const second = await run.computeDeadlines('accept');
    const accept = await run.task('accept');
    expect(accept.candidateGroups).to.deep.equal(['unit:U-ZJJ']);
    expect(Date.parse(accept.dueDate!)).to.equal(Date.parse(second.acceptDue as string));
    expect(await t.elementStates(run.key, 'triage')).to.deep.equal(['COMPLETED', 'COMPLETED']);
  });
});
