import { expect } from 'chai';
import { DAY, T0, eventually, startTestEngine, type TestEngine } from '../engine/harness.js';
import { Run, cancelLive, deployModels } from './driver.js';

describe('petition-recheck', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await deployModels(t);
  });
  beforeEach(() => t.engine.pinClock(T0));
  afterEach(() => cancelLive(t));
  after(() => t.close());

  /** The next level's review (复查), decided within 30 days and sent to the petitioner. */
  async function reviewed(petitionId: string): Promise<Run> {
    const run = await Run.recheck(t, petitionId);
    const review = await run.task('review');
    expect(review).to.deep.include({ candidateGroups: ['recheck'], formId: 'recheck-review' });
    expect(Date.parse(review.dueDate!)).to.equal(T0 + 30 * DAY);
    await t.engine.addClockOffset(12 * DAY);
    await run.complete('review', {
      recheckResult: 'uphold',
      recheckOpinion: '原处理意见认定事实清楚，适用依据正确，予以维持。',
    });
    const notice = await run.work('notify-petitioner');
    expect(notice.customHeaders).to.deep.equal({ template: 'recheck-decision', stage: 'review' });
    return run;
  }

  it('runs a re-review (复核) when the petitioner asks for it, and ends final', async () => {
    const run = await reviewed('XF-2026-900001');
    await t.engine.addClockOffset(20 * DAY);
    await t.engine.publishMessage({
      name: 're-review-requested',
      correlationKey: 'XF-2026-900001',
      timeToLive: 0,
    });

    const reReview = await run.task('re-review');
    expect(reReview).to.deep.include({ candidateGroups: ['recheck'], formId: 'recheck-re-review' });
    expect(Date.parse(reReview.dueDate!)).to.equal(T0 + 62 * DAY);
    await run.complete('re-review', {
      reReviewResult: 'uphold',
      reReviewOpinion: '复查意见正确，予以维持；本意见为终结意见。',
    });
    expect((await run.work('notify-petitioner')).customHeaders).to.deep.equal({
      template: 'recheck-decision',
      stage: 're-review',
    });
    expect(await run.state()).to.equal('COMPLETED');
    expect(await t.elementStates(run.key, 'final')).to.deep.equal(['COMPLETED']);
  });

  it('makes the review final when no re-review is asked for within 30 days', async () => {
    const run = await reviewed('XF-2026-900002');
    await t.engine.addClockOffset(30 * DAY - 60_000);
    expect(await run.state()).to.equal('ACTIVE');
    await t.engine.addClockOffset(60_000);
    await eventually(async () => (await run.state()) === 'COMPLETED', 'the 30-day window to close');
    expect(await t.elementStates(run.key, 'review-final')).to.deep.equal(['COMPLETED']);
    expect(await t.elementStates(run.key, 're-review')).to.deep.equal([]);
  });

  it('does not take a re-review request for another petition', async () => {
    const run = await reviewed('XF-2026-900003');
    await t.engine.publishMessage({
      name: 're-review-requested',
      correlationKey: 'XF-2026-999999',
      timeToLive: 0,
    });
    expect(await run.openTaskIds()).to.deep.equal([]);
    expect(await run.state()).to.equal('ACTIVE');
  });
});
