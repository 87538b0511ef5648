// /v2/process-instances, /v2/element-instances, /v2/variables and /v2/process-definitions against
// a real engine; shapes checked with Camunda's published 8.8 zod schemas.
import {
  queryElementInstancesResponseBodySchema,
  elementInstanceSchema,
} from '@camunda/camunda-api-zod-schemas/8.8/element-instance';
import {
  processDefinitionSchema,
  queryProcessDefinitionsResponseBodySchema,
} from '@camunda/camunda-api-zod-schemas/8.8/process-definition';
import {
  createProcessInstanceResponseBodySchema,
  processInstanceSchema,
  queryProcessInstancesResponseBodySchema,
} from '@camunda/camunda-api-zod-schemas/8.8/process-instance';
import {
  queryVariablesResponseBodySchema,
  variableSchema,
} from '@camunda/camunda-api-zod-schemas/8.8/variable';
import { expect } from 'chai';
import {
  expectProblem,
  expectSchema,
  fixture,
  startRestEngine,
  type Page,
  type RestEngine,
} from './support.js';

interface Created {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  tenantId: string;
  variables: Record<string, unknown>;
}

interface ProcessInstance {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionName: string;
  processDefinitionKey: string;
  processDefinitionVersion: number;
  state: string;
  startDate: string;
  endDate?: string;
  hasIncident: boolean;
  parentProcessInstanceKey?: string;
  parentElementInstanceKey?: string;
}

interface ElementInstance {
  elementInstanceKey: string;
  elementId: string;
  elementName: string;
  type: string;
  state: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  startDate: string;
  endDate?: string;
  hasIncident: boolean;
}

interface Variable {
  variableKey: string;
  name: string;
  value: string;
  scopeKey: string;
  processInstanceKey: string;
  isTruncated?: boolean;
}

describe('engine REST: process instances, element instances, variables, definitions', () => {
  let rest: RestEngine;
  let serviceTasksKey: string;
  let serviceInstance: Created;
  let waitingInstance: Created;
  let parentInstance: Created;

  const searchInstances = (body: unknown) =>
    rest.call<Page<ProcessInstance>>('POST', '/v2/process-instances/search', body);
  const searchElements = (body: unknown) =>
    rest.call<Page<ElementInstance>>('POST', '/v2/element-instances/search', body);
  const searchVariables = (body: unknown, query = '') =>
    rest.call<Page<Variable>>('POST', `/v2/variables/search${query}`, body);
  const create = (body: unknown) => rest.call<Created>('POST', '/v2/process-instances', body);

  before(async () => {
    rest = await startRestEngine();
    const deployed = await rest.deploy(
      'bpmn/service-tasks.bpmn',
      'bpmn/script-task.bpmn',
      'bpmn/message-catch.bpmn',
      'bpmn/parent.bpmn',
      'bpmn/child.bpmn',
    );
    serviceTasksKey = deployed.deployments[0]!.processDefinition!.processDefinitionKey;

    serviceInstance = await create({
      processDefinitionKey: serviceTasksKey,
      variables: { petition: { id: 'P-1' }, amount: 10, county: 'north', taskCType: 'task-c' },
    });
    waitingInstance = await create({
      processDefinitionId: 'message-catch',
      variables: { petitionId: 'P-7' },
    });
    parentInstance = await create({ processDefinitionId: 'parent', processDefinitionVersion: 1 });
  });

  after(() => rest.close());

  it('creates instances by id or key in the Camunda shape', () => {
    expectSchema(createProcessInstanceResponseBodySchema, serviceInstance);
    expect(serviceInstance).to.deep.include({
      processDefinitionKey: serviceTasksKey,
      processDefinitionId: 'service-tasks',
      processDefinitionVersion: 1,
      tenantId: '<default>',
      variables: {},
    });
    expect(waitingInstance.processDefinitionId).to.equal('message-catch');
  });

  it('creates an instance and awaits its completion with the fetched variables', async () => {
    const done = await create({
      processDefinitionId: 'script-task',
      variables: { a: 1, b: 2 },
      awaitCompletion: true,
      fetchVariables: ['total'],
    });
    expect(done.variables).to.deep.equal({ total: 3 });
    const instance = await rest.call<ProcessInstance>(
      'GET',
      `/v2/process-instances/${done.processInstanceKey}`,
    );
    expect(instance).to.include({ state: 'COMPLETED', endDate: '2026-01-05T08:00:00.000Z' });

    await expectProblem(
      await rest.send('POST', '/v2/process-instances', {
        processDefinitionId: 'child',
        awaitCompletion: true,
        requestTimeout: 100,
      }),
      504,
      /within 100 ms/,
    );
  });

  it('rejects bad creations with 400 or 404', async () => {
    await expectProblem(await rest.send('POST', '/v2/process-instances', {}), 400, /processDefinitionId/);
    await expectProblem(
      await rest.send('POST', '/v2/process-instances', {
        processDefinitionId: 'service-tasks',
        variables: [1],
      }),
      400,
      /variables/,
    );
    await expectProblem(
      await rest.send('POST', '/v2/process-instances', {
        processDefinitionId: 'service-tasks',
        tenantId: 'north',
      }),
      400,
      /multi-tenancy is disabled/,
    );
    await expectProblem(
      await rest.send('POST', '/v2/process-instances', { processDefinitionId: 'nope' }),
      404,
      /nope/,
    );
  });

  it('searches process instances by definition, state, parent, dates, variables and $or', async () => {
    const all = await searchInstances({ sort: [{ field: 'processDefinitionId' }] });
    expectSchema(queryProcessInstancesResponseBodySchema, all);
    const ids = all.items.map((i) => i.processDefinitionId);
    expect(ids).to.deep.equal([...ids].sort());

    const service = await searchInstances({
      filter: { processDefinitionId: 'service-tasks', state: 'ACTIVE' },
    });
    expect(service.items.map((i) => i.processInstanceKey)).to.deep.equal([
      serviceInstance.processInstanceKey,
    ]);
    expect(service.items[0]).to.include({
      processDefinitionName: 'Service tasks',
      processDefinitionVersion: 1,
      hasIncident: false,
      startDate: '2026-01-05T08:00:00.000Z',
      tenantId: '<default>',
    });
    expect(service.items[0]).not.to.have.property('endDate');

    const children = await searchInstances({
      filter: { parentProcessInstanceKey: parentInstance.processInstanceKey },
    });
    expect(children.items).to.have.length(1);
    expect(children.items[0]).to.include({
      processDefinitionId: 'child',
      parentProcessInstanceKey: parentInstance.processInstanceKey,
    });
    expect(children.items[0]!.parentElementInstanceKey).to.match(/^\d+$/);

    const either = await searchInstances({
      filter: {
        state: { $eq: 'ACTIVE' },
        $or: [{ processDefinitionId: 'message-catch' }, { processDefinitionKey: serviceTasksKey }],
      },
    });
    expect(either.items.map((i) => i.processInstanceKey)).to.have.members([
      serviceInstance.processInstanceKey,
      waitingInstance.processInstanceKey,
    ]);

    const byVariable = await searchInstances({
      filter: { variables: [{ name: 'petitionId', value: '"P-7"' }] },
    });
    expect(byVariable.items.map((i) => i.processInstanceKey)).to.deep.equal([
      waitingInstance.processInstanceKey,
    ]);
    const started = await searchInstances({
      filter: { startDate: { $gte: '2026-01-05T08:00:00Z', $lt: '2026-01-05T09:00:00+01:00' } },
    });
    expect(started.page.totalItems).to.equal(0);
    expect(
      (await searchInstances({ filter: { startDate: { $lte: '2026-01-05T08:00:00Z' } } })).page.totalItems,
    ).to.equal(all.page.totalItems);
    const completed = await searchInstances({ filter: { state: { $in: ['COMPLETED', 'TERMINATED'] } } });
    expect(completed.items.every((i) => i.state !== 'ACTIVE')).to.equal(true);
    expect((await searchInstances({ filter: { hasIncident: true } })).page.totalItems).to.equal(0);
    expect(
      (await searchInstances({ filter: { processDefinitionVersion: { $gt: 1 } } })).page.totalItems,
    ).to.equal(0);

    const paged = await searchInstances({
      sort: [{ field: 'processInstanceKey', order: 'desc' }],
      page: { from: 0, limit: 2 },
    });
    expect(paged.items).to.have.length(2);
    expect(BigInt(paged.items[0]!.processInstanceKey) > BigInt(paged.items[1]!.processInstanceKey)).to.equal(
      true,
    );
  });

  it('gets one process instance, 404 when unknown', async () => {
    const instance = await rest.call<ProcessInstance>(
      'GET',
      `/v2/process-instances/${serviceInstance.processInstanceKey}`,
    );
    expectSchema(processInstanceSchema, instance);
    expect(instance).to.include({ processInstanceKey: serviceInstance.processInstanceKey, state: 'ACTIVE' });
    await expectProblem(await rest.send('GET', '/v2/process-instances/2251799813999999'), 404, /not found/);
    await expectProblem(await rest.send('GET', '/v2/process-instances/-1'), 400, /processInstanceKey/);
    await expectProblem(
      await rest.send('GET', '/v2/process-instances/9999999999999999999'),
      400,
      /processInstanceKey/,
    );
    await expectProblem(
      await rest.send('POST', '/v2/process-instances/search', {
        filter: { processInstanceKey: '9999999999999999999' },
      }),
      400,
      /filter\.processInstanceKey/,
    );
  });

  it('searches element instances with names, types and states', async () => {
    const elements = await searchElements({
      filter: { processInstanceKey: serviceInstance.processInstanceKey },
      sort: [{ field: 'elementInstanceKey' }],
    });
    expectSchema(queryElementInstancesResponseBodySchema, elements);
    expect(elements.items.map((e) => [e.elementId, e.type, e.state, e.elementName])).to.deep.equal([
      ['start', 'START_EVENT', 'COMPLETED', 'Start'],
      ['a', 'SERVICE_TASK', 'ACTIVE', 'Assess petition'],
    ]);
    expect(elements.items[0]).to.include({
      endDate: '2026-01-05T08:00:00.000Z',
      hasIncident: false,
      tenantId: '<default>',
    });

    const active = await searchElements({
      filter: { type: 'SERVICE_TASK', state: 'ACTIVE', elementId: 'a' },
    });
    expect(active.items.map((e) => e.processInstanceKey)).to.deep.equal([serviceInstance.processInstanceKey]);
    const scoped = await searchElements({
      filter: { elementInstanceScopeKey: waitingInstance.processInstanceKey, state: 'ACTIVE' },
    });
    expect(scoped.items.map((e) => [e.elementId, e.type, e.elementName])).to.deep.equal([
      ['wait-reply', 'INTERMEDIATE_CATCH_EVENT', 'Reply received'],
    ]);
    const callActivity = await searchElements({ filter: { type: 'CALL_ACTIVITY' } });
    expect(callActivity.items.map((e) => e.elementId)).to.deep.equal(['call-child']);

    const one = await rest.call<ElementInstance>(
      'GET',
      `/v2/element-instances/${active.items[0]!.elementInstanceKey}`,
    );
    expectSchema(elementInstanceSchema, one);
    expect(one.elementName).to.equal('Assess petition');
    await expectProblem(
      await rest.send('POST', '/v2/element-instances/search', { filter: { type: 'TASK_X' } }),
      400,
      /filter\.type/,
    );
  });

  it('searches variables as JSON text, truncating long values unless asked not to', async () => {
    const variables = await searchVariables({
      filter: {
        processInstanceKey: serviceInstance.processInstanceKey,
        scopeKey: serviceInstance.processInstanceKey,
      },
      sort: [{ field: 'name' }],
    });
    expectSchema(queryVariablesResponseBodySchema, variables);
    expect(variables.items.map((v) => [v.name, v.value])).to.deep.equal([
      ['amount', '10'],
      ['county', '"north"'],
      ['petition', '{"id":"P-1"}'],
      ['taskCType', '"task-c"'],
    ]);
    expect(variables.items[0]).to.include({ isTruncated: false, tenantId: '<default>' });

    const long = 'x'.repeat(10_000);
    const created = await create({
      processDefinitionId: 'message-catch',
      variables: { petitionId: 'P-long', letter: long },
    });
    const filter = { filter: { processInstanceKey: created.processInstanceKey, name: 'letter' } };
    const [cut] = (await searchVariables(filter)).items;
    expect(cut).to.include({ isTruncated: true });
    expect(cut!.value).to.have.length(8191);
    const [full] = (await searchVariables(filter, '?truncateValues=false')).items;
    expect(full).to.include({ isTruncated: false, value: JSON.stringify(long) });
    const single = await rest.call<Variable>('GET', `/v2/variables/${cut!.variableKey}`);
    expectSchema(variableSchema.omit({ isTruncated: true }), single);
    expect(single.value).to.equal(JSON.stringify(long));
    expect((await searchVariables({ filter: { isTruncated: true } })).items.map((v) => v.name)).to.deep.equal(
      ['letter'],
    );
    // petitionId "P-1" is the service task's input variable.
    expect(
      (await searchVariables({ filter: { value: { $like: '"P-*' } } })).items.map((v) => v.value),
    ).to.have.members(['"P-1"', '"P-7"', '"P-long"']);
    await rest.call(
      'POST',
      `/v2/process-instances/${created.processInstanceKey}/cancellation`,
      undefined,
      204,
    );
  });

  it('sets variables on an element instance scope', async () => {
    await rest.call(
      'PUT',
      `/v2/element-instances/${waitingInstance.processInstanceKey}/variables`,
      { variables: { priority: 'high' } },
      204,
    );
    const page = await searchVariables({
      filter: { processInstanceKey: waitingInstance.processInstanceKey, name: 'priority' },
    });
    expect(page.items.map((v) => v.value)).to.deep.equal(['"high"']);
  });

  it('modifies an instance: terminates one element and activates another', async () => {
    const [a] = (
      await searchElements({
        filter: { processInstanceKey: serviceInstance.processInstanceKey, elementId: 'a' },
      })
    ).items;
    await rest.call(
      'POST',
      `/v2/process-instances/${serviceInstance.processInstanceKey}/modification`,
      {
        activateInstructions: [{ elementId: 'b', variableInstructions: [{ variables: { score: 90 } }] }],
        terminateInstructions: [{ elementInstanceKey: a!.elementInstanceKey }],
      },
      204,
    );
    const elements = await searchElements({
      filter: { processInstanceKey: serviceInstance.processInstanceKey, type: 'SERVICE_TASK' },
      sort: [{ field: 'elementId' }],
    });
    expect(elements.items.map((e) => [e.elementId, e.state])).to.deep.equal([
      ['a', 'TERMINATED'],
      ['b', 'ACTIVE'],
    ]);
    await expectProblem(
      await rest.send('POST', `/v2/process-instances/${serviceInstance.processInstanceKey}/modification`, {}),
      400,
      /activateInstructions/,
    );
  });

  it('migrates an instance to a new version of its process', async () => {
    const changed = fixture('bpmn/service-tasks.bpmn')
      .toString('utf8')
      .replace('name="Service tasks"', 'name="Service tasks v2"');
    const v2 = await rest.deploy({ name: 'service-tasks.bpmn', content: Buffer.from(changed) });
    const target = v2.deployments[0]!.processDefinition!;
    expect(target.processDefinitionVersion).to.equal(2);
    await rest.call(
      'POST',
      `/v2/process-instances/${serviceInstance.processInstanceKey}/migration`,
      {
        targetProcessDefinitionKey: target.processDefinitionKey,
        mappingInstructions: [{ sourceElementId: 'b', targetElementId: 'b' }],
      },
      204,
    );
    const instance = await rest.call<ProcessInstance>(
      'GET',
      `/v2/process-instances/${serviceInstance.processInstanceKey}`,
    );
    expect(instance).to.include({
      processDefinitionKey: target.processDefinitionKey,
      processDefinitionVersion: 2,
      processDefinitionName: 'Service tasks v2',
    });
  });

  it('searches and gets process definitions and their XML', async () => {
    const latest = await rest.call<Page<{ processDefinitionKey: string; version: number; name?: string }>>(
      'POST',
      '/v2/process-definitions/search',
      { filter: { processDefinitionId: 'service-tasks', isLatestVersion: true } },
    );
    expectSchema(queryProcessDefinitionsResponseBodySchema, latest);
    expect(latest.items.map((d) => [d.version, d.name])).to.deep.equal([[2, 'Service tasks v2']]);
    const versions = await rest.call<Page<{ version: number }>>('POST', '/v2/process-definitions/search', {
      filter: { processDefinitionId: 'service-tasks' },
      sort: [{ field: 'version', order: 'desc' }],
    });
    expect(versions.items.map((d) => d.version)).to.deep.equal([2, 1]);

    const definition = await rest.call<{ processDefinitionId: string; resourceName: string }>(
      'GET',
      `/v2/process-definitions/${serviceTasksKey}`,
    );
    expectSchema(processDefinitionSchema, definition);
    expect(definition).to.include({
      processDefinitionId: 'service-tasks',
      resourceName: 'service-tasks.bpmn',
      version: 1,
    });

    const xml = await rest.send('GET', `/v2/process-definitions/${serviceTasksKey}/xml`);
    expect(xml.status).to.equal(200);
    expect(xml.headers.get('content-type')).to.match(/^text\/xml/);
    expect(await xml.text()).to.equal(fixture('bpmn/service-tasks.bpmn').toString('utf8'));
    await expectProblem(
      await rest.send('GET', '/v2/process-definitions/2251799813999999/xml'),
      404,
      /not found/,
    );
  });

  it('cancels an instance, then answers 404 for it', async () => {
    const key = waitingInstance.processInstanceKey;
    await rest.call('POST', `/v2/process-instances/${key}/cancellation`, {}, 204);
    const instance = await rest.call<ProcessInstance>('GET', `/v2/process-instances/${key}`);
    expect(instance.state).to.equal('TERMINATED');
    const elements = await searchElements({ filter: { processInstanceKey: key, elementId: 'wait-reply' } });
    expect(elements.items.map((e) => e.state)).to.deep.equal(['TERMINATED']);
    await expectProblem(
      await rest.send('POST', `/v2/process-instances/${key}/cancellation`),
      404,
      /no such process/,
    );
  });
});
