import { expect } from 'chai';
import pino from 'pino';
import { Engine } from '../../../src/engine/engine.js';
import { EngineError } from '../../../src/engine/errors.js';
import { T0, eventually, startTestEngine, type TestEngine } from '../harness.js';

describe('messages', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deploy(
      'message-catch.bpmn',
      'message-boundary.bpmn',
      'message-start.bpmn',
      'event-gateway.bpmn',
      'receive-task.bpmn',
    );
  });
  after(() => t.close());

  it('correlates a published message to the waiting instance by its correlation key', async () => {
    const mine = await t.start('message-catch', { petitionId: 'P-1' });
    const other = await t.start('message-catch', { petitionId: 'P-2' });
    await t.engine.publishMessage({ name: 'reply', correlationKey: 'P-1', variables: { answer: 'yes' } });
    expect(await t.instanceState(mine)).to.equal('COMPLETED');
    expect((await t.variables(mine)).answer).to.equal('yes');
    expect(await t.instanceState(other)).to.equal('ACTIVE');
  });

  it('buffers a message published before the subscription exists, within its time to live', async () => {
    await t.engine.publishMessage({
      name: 'reply',
      correlationKey: 'EARLY',
      timeToLive: 60_000,
      variables: { early: true },
    });
    const key = await t.start('message-catch', { petitionId: 'EARLY' });
    expect(await t.instanceState(key)).to.equal('COMPLETED');
    expect((await t.variables(key)).early).to.equal(true);
  });

  it('does not correlate a buffered message after its time to live', async () => {
    await t.engine.pinClock(T0);
    await t.engine.publishMessage({ name: 'reply', correlationKey: 'LATE', timeToLive: 60_000 });
    await t.engine.addClockOffset(60_000);
    const key = await t.start('message-catch', { petitionId: 'LATE' });
    expect(await t.instanceState(key)).to.equal('ACTIVE');
  });

  it('correlates one message to only one instance of the same process', async () => {
    const first = await t.start('message-catch', { petitionId: 'SAME' });
    const second = await t.start('message-catch', { petitionId: 'SAME' });
    await t.engine.publishMessage({ name: 'reply', correlationKey: 'SAME', timeToLive: 60_000 });
    const states = [await t.instanceState(first), await t.instanceState(second)];
    expect(states.sort()).to.deep.equal(['ACTIVE', 'COMPLETED']);
  });

  it('rejects a second buffered message with the same id', async () => {
    await t.engine.publishMessage({
      name: 'reply',
      correlationKey: 'X',
      messageId: 'm-1',
      timeToLive: 60_000,
    });
    const error = await t.engine
      .publishMessage({ name: 'reply', correlationKey: 'X', messageId: 'm-1', timeToLive: 60_000 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).to.be.instanceOf(EngineError);
    expect((error as EngineError).code).to.equal('ALREADY_EXISTS');
  });

  it('interrupts a task with a message boundary, and runs a non-interrupting one alongside', async () => {
    const key = await t.start('message-boundary', { petitionId: 'MB-1' });
    await t.engine.publishMessage({
      name: 'supplement',
      correlationKey: 'MB-1',
      variables: { extra: 'photo' },
    });
    expect(await t.liveElements(key)).to.deep.equal(['handle', 'record-supplement']);
    await t.engine.publishMessage({ name: 'withdrawn', correlationKey: 'MB-1' });
    expect(await t.elementStates(key, 'handle')).to.deep.equal(['TERMINATED']);
    await t.completeAll(key, 'record-supplement');
    expect(await t.instanceState(key)).to.equal('COMPLETED');
  });

  it('starts an instance with a message start event', async () => {
    await t.engine.publishMessage({
      name: 'petition-registered',
      correlationKey: 'S-1',
      variables: { petitionId: 'S-1' },
    });
    const { rows } = await t.db.query<{ key: number }>(
      `SELECT key FROM engine.process_instances WHERE bpmn_process_id = 'message-start'`,
    );
    expect(rows).to.have.length(1);
    expect((await t.variables(String(rows[0]!.key))).petitionId).to.equal('S-1');
  });

  it('takes the message path of an event-based gateway and closes the timer', async () => {
    const key = await t.start('event-gateway', { petitionId: 'EG-2' });
    await t.engine.publishMessage({ name: 'answer', correlationKey: 'EG-2' });
    expect(await t.instanceState(key)).to.equal('COMPLETED');
    const timers = await t.db.query<{ state: string }>(
      'SELECT state FROM engine.timers WHERE process_instance_key = $1',
      [key],
    );
    expect(timers.rows.map((r) => r.state)).to.deep.equal(['CANCELED']);
  });

  it('completes a receive task with the message', async () => {
    const key = await t.start('receive-task', { caseId: 7 });
    await t.engine.publishMessage({ name: 'confirmation', correlationKey: '7' });
    await eventually(async () => (await t.instanceState(key)) === 'COMPLETED', 'the receive task');
  });

  it('keeps buffered messages across an engine restart', async () => {
    await t.engine.pinClock(T0);
    await t.engine.publishMessage({
      name: 'reply',
      correlationKey: 'RESTART',
      timeToLive: 60_000,
      variables: { kept: true },
    });
    await t.engine.stop();
    const restarted = new Engine({ db: t.db, logger: pino({ level: 'silent' }), clockControlled: true });
    await restarted.start();
    try {
      const { processInstanceKey } = await restarted.createProcessInstance({
        bpmnProcessId: 'message-catch',
        variables: { petitionId: 'RESTART' },
      });
      expect(await t.instanceState(processInstanceKey)).to.equal('COMPLETED');
      expect((await t.variables(processInstanceKey)).kept).to.equal(true);
    } finally {
      await restarted.stop();
      await t.engine.start();
    }
  });

  it('answers NOT_FOUND when a message to correlate now finds nobody waiting', async () => {
    const error = await t.engine.correlateMessage({ name: 'reply', correlationKey: 'NOBODY' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as EngineError).code).to.equal('NOT_FOUND');
  });
});
