import { expect } from 'chai';
import { DAY, T0, startTestEngine, type TestEngine } from '../engine/harness.js';
import { Run, cancelLive, deployModels } from './driver.js';

describe('petition: handling loops', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await deployModels(t);
  });
  beforeEach(() => t.engine.pinClock(T0));
  afterEach(() => cancelLive(t));
  after(() => t.close());

  async function handling(variables = {}): Promise<Run> {
    const run = await Run.petition(t, variables);
    await run.triage(variables);
    await run.accept();
    return run;
  }

  it('returns a reply that pre-review sends back to the unit, and goes on once it is reworked', async () => {
    const run = await handling();
    await run.reply();
    await run.complete('pre-review', { review: 'rework', reviewOpinion: '未说明处理依据，请补充。' });
    expect(await run.openTaskIds()).to.deep.equal(['handle']);
    await run.reply();
    await run.approveReply();
    await run.visitAndClose();
    expect(await run.state()).to.equal('COMPLETED');
    expect(await t.elementStates(run.key, 'handle')).to.deep.equal(['COMPLETED', 'COMPLETED']);
    expect(await t.elementStates(run.key, 'pre-review')).to.deep.equal(['COMPLETED', 'COMPLETED']);
  });

  it('extends the handling deadline after the unit head approves, and the handle task keeps the new one', async () => {
    const run = await handling();
    await run.complete('handle', { handling: 'extend', extensionReason: '涉及多个部门，需现场勘验。' });
    expect(await run.task('approve-extension')).to.deep.include({
      candidateGroups: ['unit-head:U-ZJJ'],
      formId: 'approve-extension',
    });
    await run.complete('approve-extension', { extensionDecision: 'approve' });
    const extension = await run.computeDeadlines('extension');

    const handle = await run.task('handle');
    expect(Date.parse(handle.dueDate!)).to.equal(Date.parse(extension.extensionDue as string));
    expect(await run.variables()).to.include({
      ...extension,
      handleDue: extension.extensionDue,
      handleRemindAt: extension.extensionRemindAt,
      handleAccountAt: extension.extensionAccountAt,
    });
  });

  it('goes back to the unit without new deadlines when the head refuses the extension', async () => {
    const run = await handling();
    const before = await run.variables();
    await run.complete('handle', { handling: 'extend', extensionReason: '需补充材料。' });
    await run.complete('approve-extension', {
      extensionDecision: 'refuse',
      extensionComment: '事实清楚，应按期办结。',
    });
    expect(await run.openTaskIds()).to.deep.equal(['handle']);
    expect(await run.jobs('compute-deadlines')).to.deep.equal([]);
    expect((await run.variables()).handleDue).to.equal(before.handleDue);
  });

  it('converts a simplified case to the normal procedure and recomputes the handling deadline', async () => {
    const run = await handling({ procedure: 'simplified' });
    const simplified = (await run.variables()).handleDue as string;
    expect(Date.parse(simplified)).to.equal(T0 + 10 * DAY);
    await run.complete('handle', {
      handling: 'convert',
      conversionReason: '涉及历史遗留问题，需多部门会商。',
    });

    const [job] = await run.jobs('compute-deadlines');
    expect(job!.customHeaders).to.deep.equal({ stage: 'handle' });
    expect(job!.variables.procedure).to.equal('normal');
    await t.engine.completeJob(job!.key, { handleDue: new Date(T0 + 20 * DAY).toISOString() });
    expect(Date.parse((await run.task('handle')).dueDate!)).to.equal(T0 + 20 * DAY);
    expect((await run.variables()).procedure).to.equal('normal');
  });

  it('lets the supervisor order the case redone when the petitioner is dissatisfied', async () => {
    const run = await handling();
    await run.reply();
    await run.approveReply();
    await run.complete('return-visit', {
      visitChannel: 'phone',
      satisfaction: 'dissatisfied',
      dissatisfactionReason: '路灯修好后又坏了。',
    });
    expect(await run.task('supervisor-decision')).to.deep.include({
      candidateGroups: ['supervision'],
      formId: 'supervisor-decision',
    });
    await run.complete('supervisor-decision', {
      supervisorDecision: 'redo',
      supervisorOpinion: '责成主办单位彻底整改线路。',
    });

    expect(await run.openTaskIds()).to.deep.equal(['handle']);
    await run.reply();
    await run.approveReply();
    await run.visitAndClose('satisfied');
    expect(await run.state()).to.equal('COMPLETED');
  });

  it('closes a dissatisfied case when the supervisor finds the reply proper', async () => {
    const run = await handling();
    await run.reply();
    await run.approveReply();
    await run.complete('return-visit', {
      visitChannel: 'visit',
      satisfaction: 'dissatisfied',
      dissatisfactionReason: '诉求未获支持。',
    });
    await run.complete('supervisor-decision', {
      supervisorDecision: 'close',
      supervisorOpinion: '处理意见于法有据，予以办结。',
    });
    await run.work('close-petition');
    expect(await run.state()).to.equal('COMPLETED');
  });
});
