import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../harness.js';

describe('user tasks', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.close());

  async function openTask(key: string) {
    const { rows } = await t.db.query<Record<string, unknown>>(
      `SELECT * FROM engine.user_tasks WHERE process_instance_key = $1 AND state = 'CREATED'`,
      [key],
    );
    return rows[0];
  }

  it('raises FORM_NOT_FOUND while the linked form is not deployed, and goes on once it is', async () => {
    await t.deploy('user-task.bpmn');
    const key = await t.start('user-task', {
      owner: 'li.ming',
      dueAt: '2026-01-09T17:00:00+08:00',
      petition: { title: 'Road repair' },
    });
    const [incident] = await t.incidents(key);
    expect(incident?.errorType).to.equal('FORM_NOT_FOUND');
    await t.deploy('forms/approval-form.form');
    await t.engine.resolveIncident(incident!.key);
    expect(await openTask(key)).to.not.equal(undefined);
  });

  it('stores assignment, candidate groups, due date, priority and form of the task', async () => {
    const key = await t.start('user-task', {
      owner: 'wang.fang',
      dueAt: '2026-01-09T17:00:00+08:00',
      petition: { title: 'Noise' },
    });
    const task = await openTask(key);
    expect(task).to.include({ assignee: 'wang.fang', priority: 60, element_id: 'approve' });
    expect(task!.candidate_groups).to.deep.equal(['office', 'unit']);
    expect(Date.parse(task!.due_date as string)).to.equal(Date.parse('2026-01-09T09:00:00Z'));
    const { rows } = await t.db.query<{ key: number }>(
      `SELECT key FROM engine.forms WHERE form_id = 'approval-form'`,
    );
    expect(String(task!.form_key)).to.equal(String(rows[0]!.key));
  });

  it('completes with variables that go through the output mapping', async () => {
    const key = await t.start('user-task', {
      owner: 'zhao',
      dueAt: '2026-01-09T17:00:00Z',
      petition: { title: 'Water' },
    });
    const task = await openTask(key);
    await t.engine.completeUserTask(String(task!.key), { approved: true, note: 'local only' });
    expect(await t.instanceState(key)).to.equal('COMPLETED');
    const variables = await t.variables(key);
    expect(variables.approved).to.equal(true);
    expect(variables).not.to.have.property('note');
    const { rows } = await t.db.query<{ state: string }>(
      'SELECT state FROM engine.user_tasks WHERE key = $1',
      [task!.key],
    );
    expect(rows[0]!.state).to.equal('COMPLETED');
  });

  it('cancels the open task when the instance is cancelled', async () => {
    const key = await t.start('user-task', {
      owner: 'zhao',
      dueAt: '2026-01-09T17:00:00Z',
      petition: { title: 'Heat' },
    });
    const task = await openTask(key);
    await t.engine.cancelProcessInstance(key);
    expect(await t.instanceState(key)).to.equal('TERMINATED');
    const { rows } = await t.db.query<{ state: string }>(
      'SELECT state FROM engine.user_tasks WHERE key = $1',
      [task!.key],
    );
    expect(rows[0]!.state).to.equal('CANCELED');
  });
});
