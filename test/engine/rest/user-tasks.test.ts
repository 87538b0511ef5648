// /v2/user-tasks against a real engine: search with filters, sort and paging; assign, unassign,
// update, complete; the form; shapes checked with Camunda's published 8.8 zod schemas.
import {
  createDeploymentResponseBodySchema,
  formDeploymentSchema,
  processDeploymentSchema,
} from '@camunda/camunda-api-zod-schemas/8.8/resource';
import {
  formSchema,
  queryUserTasksResponseBodySchema,
  queryVariablesByUserTaskResponseBodySchema,
  userTaskSchema,
} from '@camunda/camunda-api-zod-schemas/8.8/user-task';
import { expect } from 'chai';
import { expectProblem, expectSchema, startRestEngine, type Page, type RestEngine } from './support.js';

interface UserTask {
  userTaskKey: string;
  state: string;
  name?: string;
  assignee?: string;
  elementId: string;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate?: string;
  followUpDate?: string;
  priority: number;
  formKey?: string;
  processInstanceKey: string;
  processDefinitionId: string;
  processName?: string;
  creationDate: string;
  completionDate?: string;
  tenantId: string;
}

interface Variable {
  name: string;
  value: string;
  scopeKey: string;
  isTruncated: boolean;
}

describe('engine REST: user tasks', () => {
  let rest: RestEngine;
  /** Instance keys by the owner and due date they were started with. */
  const instances: Record<'li1' | 'wang' | 'li2', string> = { li1: '', wang: '', li2: '' };
  const taskOf: Record<string, string> = {};

  const searchTasks = (body: unknown) => rest.call<Page<UserTask>>('POST', '/v2/user-tasks/search', body);

  before(async () => {
    rest = await startRestEngine();
    const deployed = await rest.deploy('bpmn/user-task.bpmn', 'forms/approval-form.form');
    expect(deployed.tenantId).to.equal('<default>');
    expect(deployed.deploymentKey).to.match(/^\d+$/);
    expect(deployed.deployments).to.have.length(2);
    expectSchema(processDeploymentSchema, deployed.deployments[0]!.processDefinition, 'deployed process');
    expectSchema(formDeploymentSchema, deployed.deployments[1]!.form, 'deployed form');
    expect(deployed.deployments[0]!.processDefinition).to.include({
      processDefinitionId: 'user-task',
      processDefinitionVersion: 1,
    });
    expect(deployed.deployments[1]!.form).to.include({
      formId: 'approval-form',
      version: 1,
      resourceName: 'approval-form.form',
    });
    // Camunda's zod package lists deployments flat; the REST API (and the SDK) nest them per kind.
    expect(createDeploymentResponseBodySchema.safeParse(deployed).success).to.equal(false);

    const start = async (owner: string, dueAt: string) =>
      (
        await rest.call<{ processInstanceKey: string }>('POST', '/v2/process-instances', {
          processDefinitionId: 'user-task',
          variables: { owner, dueAt, petition: { title: `Petition of ${owner}` } },
        })
      ).processInstanceKey;
    instances.li1 = await start('li', '2026-01-10T08:00:00Z');
    instances.wang = await start('wang', '2026-01-08T08:00:00+08:00');
    instances.li2 = await start('li', '2026-01-12T08:00:00Z');

    const all = await searchTasks({});
    for (const task of all.items) taskOf[task.processInstanceKey] = task.userTaskKey;
    expect(Object.keys(taskOf)).to.have.length(3);
  });

  after(() => rest.close());

  const keysOf = (page: Page<UserTask>) => page.items.map((task) => task.processInstanceKey);

  it('searches open tasks by candidate group and assignee, in the Camunda shape', async () => {
    const byGroup = await searchTasks({ filter: { candidateGroup: 'office', state: 'CREATED' } });
    expectSchema(queryUserTasksResponseBodySchema, byGroup);
    expect(byGroup.page.totalItems).to.equal(3);
    expect(byGroup.items[0]).to.include({
      state: 'CREATED',
      name: 'Approve petition',
      elementId: 'approve',
      processDefinitionId: 'user-task',
      processName: 'User task',
      priority: 60,
      tenantId: '<default>',
      creationDate: '2026-01-05T08:00:00.000Z',
    });
    expect(byGroup.items[0]!.candidateGroups).to.deep.equal(['office', 'unit']);

    const byAssignee = await searchTasks({ filter: { assignee: 'li' } });
    expect(keysOf(byAssignee)).to.have.members([instances.li1, instances.li2]);
    expect((await searchTasks({ filter: { candidateGroup: 'nobody' } })).page.totalItems).to.equal(0);
    expect(keysOf(await searchTasks({ filter: { assignee: { $in: ['wang', 'zhao'] } } }))).to.deep.equal([
      instances.wang,
    ]);
    expect(keysOf(await searchTasks({ filter: { assignee: { $like: 'wa*' } } }))).to.deep.equal([
      instances.wang,
    ]);
    expect(
      keysOf(
        await searchTasks({
          filter: { candidateGroup: { $in: ['unit', 'x'] }, processInstanceKey: instances.li2 },
        }),
      ),
    ).to.deep.equal([instances.li2]);
  });

  it('sorts by due date and pages with from/limit and with cursors', async () => {
    const ascending = await searchTasks({ sort: [{ field: 'dueDate', order: 'asc' }] });
    expect(keysOf(ascending)).to.deep.equal([instances.wang, instances.li1, instances.li2]);
    expect(ascending.items[0]!.dueDate).to.equal('2026-01-08T00:00:00.000Z');
    const descending = await searchTasks({ sort: [{ field: 'dueDate', order: 'DESC' }] });
    expect(keysOf(descending)).to.deep.equal([instances.li2, instances.li1, instances.wang]);

    const second = await searchTasks({ sort: [{ field: 'dueDate' }], page: { from: 1, limit: 1 } });
    expect(keysOf(second)).to.deep.equal([instances.li1]);
    expect(second.page.totalItems).to.equal(3);

    const first = await searchTasks({ sort: [{ field: 'dueDate' }], page: { limit: 2 } });
    expect(keysOf(first)).to.deep.equal([instances.wang, instances.li1]);
    const next = await searchTasks({
      sort: [{ field: 'dueDate' }],
      page: { limit: 2, after: first.page.endCursor },
    });
    expect(keysOf(next)).to.deep.equal([instances.li2]);
    expect(next.page.totalItems).to.equal(3);
    const back = await searchTasks({
      sort: [{ field: 'dueDate' }],
      page: { limit: 1, before: next.page.startCursor },
    });
    expect(keysOf(back)).to.deep.equal([instances.li1]);

    // Ties in the sort field are ordered by key, so cursors never skip or repeat a task.
    const byPriority: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 3; i++) {
      const page = await searchTasks({
        sort: [{ field: 'priority', order: 'desc' }],
        page: { limit: 1, ...(after ? { after } : {}) },
      });
      byPriority.push(...keysOf(page));
      after = page.page.endCursor;
    }
    expect(byPriority).to.have.members(Object.values(instances));
    expect(
      (await searchTasks({ sort: [{ field: 'priority' }], page: { limit: 1, after } })).items,
    ).to.have.length(0);
  });

  it('filters due dates with $gt/$lt ranges and creation dates', async () => {
    const later = await searchTasks({
      filter: { dueDate: { $gt: '2026-01-09T00:00:00Z' } },
      sort: [{ field: 'dueDate' }],
    });
    expect(keysOf(later)).to.deep.equal([instances.li1, instances.li2]);
    const window = await searchTasks({
      filter: { dueDate: { $gte: '2026-01-08T00:00:00Z', $lt: '2026-01-10T08:00:00Z' } },
    });
    expect(keysOf(window)).to.deep.equal([instances.wang]);
    expect((await searchTasks({ filter: { followUpDate: { $exists: true } } })).page.totalItems).to.equal(0);
    expect(
      (await searchTasks({ filter: { creationDate: { $lte: '2026-01-05T08:00:00Z' } } })).page.totalItems,
    ).to.equal(3);
    const byVariable = await searchTasks({
      filter: { processInstanceVariables: [{ name: 'owner', value: '"wang"' }] },
    });
    expect(keysOf(byVariable)).to.deep.equal([instances.wang]);
    const byLocal = await searchTasks({
      filter: { localVariables: [{ name: 'title', value: { $like: '*of li"' } }] },
    });
    expect(keysOf(byLocal)).to.have.members([instances.li1, instances.li2]);
  });

  it('gets one task and its form', async () => {
    const key = taskOf[instances.li1]!;
    const task = await rest.call<UserTask>('GET', `/v2/user-tasks/${key}`);
    expectSchema(userTaskSchema, task);
    expect(task).to.include({ userTaskKey: key, assignee: 'li', dueDate: '2026-01-10T08:00:00.000Z' });
    expect(task.formKey).to.match(/^\d+$/);

    const form = await rest.call<{ formKey: string; formId: string; schema: string; version: number }>(
      'GET',
      `/v2/user-tasks/${key}/form`,
    );
    expectSchema(formSchema, form);
    expect(form).to.include({ formKey: task.formKey, formId: 'approval-form', version: 1 });
    expect((JSON.parse(form.schema) as { id: string }).id).to.equal('approval-form');
  });

  it('lists the variables a task sees, its own input first', async () => {
    const key = taskOf[instances.wang]!;
    const page = await rest.call<Page<Variable>>('POST', `/v2/user-tasks/${key}/variables/search`, {
      sort: [{ field: 'name' }],
    });
    expectSchema(queryVariablesByUserTaskResponseBodySchema, page);
    expect(page.items.map((v) => v.name)).to.deep.equal(['dueAt', 'owner', 'petition', 'title']);
    expect(page.items.find((v) => v.name === 'title')!.value).to.equal('"Petition of wang"');
    const titles = await rest.call<Page<Variable>>(
      'POST',
      `/v2/user-tasks/${key}/effective-variables/search`,
      {
        filter: { name: 'title' },
      },
    );
    expect(titles.page.totalItems).to.equal(1);
  });

  it('assigns, refuses to take over without allowOverride, and unassigns', async () => {
    const key = taskOf[instances.li1]!;
    const refused = await expectProblem(
      await rest.send('POST', `/v2/user-tasks/${key}/assignment`, { assignee: 'zhao', allowOverride: false }),
      409,
      /already assigned to 'li'/,
    );
    expect(refused.title).to.equal('FAILED_PRECONDITION');
    await rest.call(
      'POST',
      `/v2/user-tasks/${key}/assignment`,
      { assignee: 'li', allowOverride: false },
      204,
    );
    await rest.call('POST', `/v2/user-tasks/${key}/assignment`, { assignee: 'zhao' }, 204);
    expect((await rest.call<UserTask>('GET', `/v2/user-tasks/${key}`)).assignee).to.equal('zhao');
    expect(keysOf(await searchTasks({ filter: { assignee: 'zhao' } }))).to.deep.equal([instances.li1]);

    await rest.call('DELETE', `/v2/user-tasks/${key}/assignee`, undefined, 204);
    const unassigned = await rest.call<UserTask>('GET', `/v2/user-tasks/${key}`);
    expect(unassigned).not.to.have.property('assignee');
    expect(keysOf(await searchTasks({ filter: { assignee: { $exists: false } } }))).to.deep.equal([
      instances.li1,
    ]);
    await rest.call(
      'POST',
      `/v2/user-tasks/${key}/assignment`,
      { assignee: 'li', allowOverride: false },
      204,
    );

    await expectProblem(
      await rest.send('POST', `/v2/user-tasks/${key}/assignment`, { assignee: '' }),
      400,
      /assignee/,
    );
    await expectProblem(await rest.send('POST', `/v2/user-tasks/${key}/assignment`, {}), 400, /assignee/);
  });

  it('updates due date, candidates and priority', async () => {
    const key = taskOf[instances.li2]!;
    await rest.call(
      'PATCH',
      `/v2/user-tasks/${key}`,
      { changeset: { dueDate: '2026-02-01T10:00:00+08:00', candidateGroups: ['leaders'], priority: 80 } },
      204,
    );
    const task = await rest.call<UserTask>('GET', `/v2/user-tasks/${key}`);
    expect(task).to.include({ dueDate: '2026-02-01T02:00:00.000Z', priority: 80 });
    expect(task.candidateGroups).to.deep.equal(['leaders']);
    expect(keysOf(await searchTasks({ filter: { candidateGroup: 'leaders' } }))).to.deep.equal([
      instances.li2,
    ]);
    expect(keysOf(await searchTasks({ filter: { priority: { $gte: 70 } } }))).to.deep.equal([instances.li2]);

    await rest.call(
      'PATCH',
      `/v2/user-tasks/${key}`,
      { changeset: { followUpDate: '2026-01-20T00:00:00Z', dueDate: '' } },
      204,
    );
    const cleared = await rest.call<UserTask>('GET', `/v2/user-tasks/${key}`);
    expect(cleared).not.to.have.property('dueDate');
    expect(cleared.followUpDate).to.equal('2026-01-20T00:00:00.000Z');

    await expectProblem(
      await rest.send('PATCH', `/v2/user-tasks/${key}`, { changeset: {} }),
      400,
      /at least one of/,
    );
    await expectProblem(
      await rest.send('PATCH', `/v2/user-tasks/${key}`, { changeset: { priority: 101 } }),
      400,
      /changeset\.priority/,
    );
    await expectProblem(
      await rest.send('PATCH', `/v2/user-tasks/${key}`, { changeset: { dueDate: 'next week' } }),
      400,
      /changeset\.dueDate/,
    );
  });

  it('completes a task with variables, which ends the instance', async () => {
    const key = taskOf[instances.wang]!;
    await rest.call('POST', `/v2/user-tasks/${key}/completion`, { variables: { approved: true } }, 204);
    const task = await rest.call<UserTask>('GET', `/v2/user-tasks/${key}`);
    expect(task.state).to.equal('COMPLETED');
    expect(task.completionDate).to.equal('2026-01-05T08:00:00.000Z');
    const instance = await rest.call<{ state: string }>('GET', `/v2/process-instances/${instances.wang}`);
    expect(instance.state).to.equal('COMPLETED');
    const approved = await rest.call<Page<Variable>>('POST', '/v2/variables/search', {
      filter: { processInstanceKey: instances.wang, scopeKey: instances.wang, name: 'approved' },
    });
    expect(approved.items.map((v) => v.value)).to.deep.equal(['true']);

    expect(keysOf(await searchTasks({ filter: { state: 'COMPLETED' } }))).to.deep.equal([instances.wang]);
    expect((await searchTasks({ filter: { state: { $neq: 'COMPLETED' } } })).page.totalItems).to.equal(2);
    await expectProblem(
      await rest.send('POST', `/v2/user-tasks/${key}/completion`, {}),
      404,
      /no such user task/,
    );
  });

  it('answers 404 for unknown tasks and 400 naming the bad field', async () => {
    await expectProblem(await rest.send('GET', '/v2/user-tasks/2251799813999999'), 404, /not found/);
    await expectProblem(await rest.send('GET', '/v2/user-tasks/2251799813999999/form'), 404, /not found/);
    await expectProblem(await rest.send('GET', '/v2/user-tasks/abc'), 400, /userTaskKey/);
    await expectProblem(
      await rest.send('POST', '/v2/user-tasks/2251799813999999/assignment', { assignee: 'li' }),
      404,
      /no such user task/,
    );
    await expectProblem(
      await rest.send('POST', '/v2/user-tasks/search', { filter: { state: 'DONE' } }),
      400,
      /filter\.state/,
    );
    await expectProblem(
      await rest.send('POST', '/v2/user-tasks/search', { filter: { colour: 'red' } }),
      400,
      /colour/,
    );
    await expectProblem(
      await rest.send('POST', '/v2/user-tasks/search', { sort: [{ field: 'colour' }] }),
      400,
      /sort\.0\.field/,
    );
    await expectProblem(
      await rest.send('POST', '/v2/user-tasks/search', { filter: { dueDate: { $gt: 'tomorrow' } } }),
      400,
      /filter\.dueDate/,
    );
    await expectProblem(
      await rest.send('POST', '/v2/user-tasks/search', { page: { after: 'bm9wZQ==' } }),
      400,
      /cursor/,
    );
    await expectProblem(
      await rest.send('POST', '/v2/user-tasks/search', { page: { from: 1, after: 'bm9wZQ==' } }),
      400,
      /page/,
    );
  });
});
