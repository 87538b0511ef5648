import { expect } from 'chai';
import { DAY, T0, eventually, startTestEngine, type TestEngine } from '../harness.js';

describe('timers', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deploy('timer-boundary.bpmn', 'timer-catch.bpmn', 'event-gateway.bpmn');
  });
  after(() => t.close());

  it('fires a non-interrupting R3/P1D reminder three times while the task stays open, then the date timer ends it', async () => {
    const deadlineAt = new Date(T0 + 7 * DAY).toISOString();
    const key = await t.start('timer-boundary', { deadlineAt });
    for (let day = 1; day <= 3; day++) {
      await t.engine.addClockOffset(DAY);
      await eventually(async () => (await t.jobCount(key, 'send-reminder')) === day, `reminder ${day}`);
      expect(await t.elementStates(key, 'work')).to.deep.equal(['ACTIVATED']);
    }
    await t.engine.addClockOffset(DAY);
    await t.engine.addClockOffset(DAY);
    expect(await t.jobCount(key, 'send-reminder')).to.equal(3);
    await t.completeAll(key, 'send-reminder');
    await t.engine.addClockOffset(2 * DAY); // now at the deadline
    await eventually(
      async () => (await t.instanceState(key)) === 'COMPLETED',
      'the deadline to end the task',
    );
    expect(await t.elementStates(key, 'work')).to.deep.equal(['TERMINATED']);
    expect(await t.elementStates(key, 'expired')).to.deep.equal(['COMPLETED']);
  });

  it('cancels the timers of a task that completes before they are due', async () => {
    await t.engine.pinClock(T0);
    const key = await t.start('timer-boundary', { deadlineAt: new Date(T0 + DAY).toISOString() });
    const { rows } = await t.db.query<{ key: number }>(
      `SELECT key FROM engine.user_tasks WHERE process_instance_key = $1 AND state = 'CREATED'`,
      [key],
    );
    await t.engine.completeUserTask(String(rows[0]!.key), {});
    expect(await t.instanceState(key)).to.equal('COMPLETED');
    const timers = await t.db.query<{ state: string }>(
      'SELECT state FROM engine.timers WHERE process_instance_key = $1',
      [key],
    );
    expect(timers.rows.map((r) => r.state).sort()).to.deep.equal(['CANCELED', 'CANCELED']);
  });

  it('waits at an intermediate timer for its duration', async () => {
    await t.engine.pinClock(T0);
    const key = await t.start('timer-catch', {});
    await t.engine.addClockOffset(59 * 60 * 1000);
    expect(await t.jobCount(key, 'after-wait')).to.equal(0);
    await t.engine.addClockOffset(60 * 1000);
    await eventually(
      async () => (await t.jobCount(key, 'after-wait')) === 1,
      'the timer to fire after one hour',
    );
  });

  it('takes the timer path of an event-based gateway when no message comes', async () => {
    await t.engine.pinClock(T0);
    const key = await t.start('event-gateway', { petitionId: 'EG-1' });
    await t.engine.addClockOffset(5 * DAY);
    await eventually(async () => (await t.instanceState(key)) === 'COMPLETED', 'the timeout path');
    expect(await t.elementStates(key, 'timed-out')).to.deep.equal(['COMPLETED']);
    expect(await t.elementStates(key, 'answer')).to.deep.equal([]);
  });

  it('fires timers that fell due while the engine was down as soon as it starts', async () => {
    await t.engine.pinClock(T0);
    const key = await t.start('timer-catch', {});
    await t.engine.stop();
    // Time passes while nothing runs.
    await t.engine.pinClock(T0 + 2 * 60 * 60 * 1000);
    await t.engine.start();
    await eventually(async () => (await t.jobCount(key, 'after-wait')) === 1, 'the overdue timer');
  });
});
