import { expect } from 'chai';
import { T0, startTestEngine, type TestEngine } from '../engine/harness.js';
import { Run, cancelLive, deployModels } from './driver.js';

describe('petition: parallel work', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await deployModels(t);
  });
  beforeEach(() => t.engine.pinClock(T0));
  afterEach(() => cancelLive(t));
  after(() => t.close());

  it('has two co-units report beside the lead unit, and pre-review waits for all of them', async () => {
    const run = await Run.petition(t);
    await run.triage({}, { coUnits: ['U-ZRZY', 'U-SWJ'] });
    await run.accept();
    const coTasks = (await run.openTasks()).filter((task) => task.elementId === 'co-handle');
    expect(coTasks.map((task) => task.candidateGroups)).to.have.deep.members([
      ['unit:U-ZRZY'],
      ['unit:U-SWJ'],
    ]);
    expect(coTasks.map((task) => task.formId)).to.deep.equal(['co-handling', 'co-handling']);
    const due = (await run.variables()).handleDue as string;
    expect(coTasks.every((task) => Date.parse(task.dueDate!) === Date.parse(due))).to.equal(true);

    await run.reply();
    expect(await run.openTaskIds(), 'the lead has replied, one co-unit is still working').to.deep.equal([
      'co-handle',
      'co-handle',
    ]);
    const { rows } = await t.db.query<{ unit: string }>(
      `SELECT v.value #>> '{}' AS unit FROM engine.user_tasks t JOIN engine.variables v ON v.scope_key = t.element_instance_key
       WHERE t.key = $1 AND v.name = 'coUnit'`,
      [coTasks[0]!.key],
    );
    await t.engine.completeUserTask(coTasks[0]!.key, { coOpinion: `${rows[0]!.unit}：涉及地块权属清楚。` });
    expect(await run.openTaskIds()).to.deep.equal(['co-handle']);
    await run.complete('co-handle', { coOpinion: '水务设施已排查，无影响。' });
    expect(await run.openTaskIds()).to.deep.equal(['pre-review']);

    const reports = (await run.variables()).coReports as { unit: string; opinion: string }[];
    expect(reports).to.have.deep.members([
      { unit: 'U-ZRZY', opinion: 'U-ZRZY：涉及地块权属清楚。' },
      { unit: 'U-SWJ', opinion: '水务设施已排查，无影响。' },
    ]);

    // Reworked replies do not wait for the co-units again.
    await run.complete('pre-review', { review: 'rework', reviewOpinion: '请补充协办意见的采纳情况。' });
    await run.reply();
    expect(await run.openTaskIds()).to.deep.equal(['pre-review']);
  });

  it('refers a first-time petition to the discipline check once, without holding up its handling', async () => {
    const run = await Run.petition(t, { firstTime: true });
    await run.triage();
    expect(await run.task('discipline-check')).to.deep.include({
      candidateGroups: ['discipline'],
      formId: 'discipline-check',
    });

    // An objection sends it back to triage; the check is not started twice.
    await run.computeDeadlines('accept');
    await run.complete('accept', { acceptance: 'object', objectionReason: '不属于本单位职责范围。' });
    await run.complete('triage', {
      kind: 'appeal',
      procedure: 'normal',
      riskLevel: 'low',
      leadUnit: 'U-CGJ',
      coUnits: [],
    });
    await run.accept();
    expect(await run.openTaskIds()).to.deep.equal(['discipline-check', 'handle']);

    await run.reply();
    await run.approveReply();
    await run.visitAndClose();
    expect(await t.elementStates(run.key, 'closed')).to.deep.equal(['COMPLETED']);
    expect(await run.state(), 'the check is still open').to.equal('ACTIVE');
    await run.complete('discipline-check', {
      disciplineFinding: 'none',
      disciplineOpinion: '未发现干部不作为、乱作为问题。',
    });
    expect(await run.state()).to.equal('COMPLETED');
    expect(await t.elementStates(run.key, 'discipline-check')).to.deep.equal(['COMPLETED']);
  });

  it('refers a skip-level petition to the discipline check too', async () => {
    const run = await Run.petition(t, { skipLevel: true });
    await run.triage();
    expect(await run.openTaskIds()).to.deep.equal(['discipline-check']);
  });

  it('issues a risk letter to the lead unit after triage when the risk is high', async () => {
    const run = await Run.petition(t);
    await run.triage({ riskLevel: 'high' });
    const letter = await run.work('issue-letter');
    expect(letter.customHeaders).to.deep.equal({ letter: 'risk', stage: 'triage' });
    expect(letter.variables).to.include({ leadUnit: 'U-ZJJ', riskLevel: 'high' });
    expect(await run.jobs('compute-deadlines')).to.have.length(1);
  });

  it('issues a risk letter for every repeat petition linked to the open case, while the case goes on', async () => {
    const run = await Run.petition(t);
    await run.triage();
    const petitionId = (await run.variables()).petitionId as string;
    for (const repeatCount of [1, 2]) {
      await t.engine.publishMessage({
        name: 'petition-repeated',
        correlationKey: petitionId,
        variables: { repeatCount },
      });
      const letter = await run.work('issue-letter');
      expect(letter.customHeaders).to.deep.equal({ letter: 'risk', stage: 'repeat' });
      expect(letter.variables.repeatCount).to.equal(repeatCount);
    }
    expect(await t.elementStates(run.key, 'repeat-letter-issued')).to.deep.equal(['COMPLETED', 'COMPLETED']);
    await run.accept();
    expect(await run.openTaskIds()).to.deep.equal(['handle']);
  });
});
