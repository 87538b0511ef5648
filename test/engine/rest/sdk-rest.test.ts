// The Camunda 8 SDK's REST client (the Orchestration Cluster API client, generated from Camunda
// 8.8's OpenAPI spec) against the embedded engine, with the client's own strict validation of
// requests and responses switched on: every answer used here must have the documented shape.
import { Camunda8 } from '@camunda8/sdk';
import { expect } from 'chai';
import { fixture, startRestEngine, type RestEngine } from './support.js';

type Client = ReturnType<Camunda8['getOrchestrationClusterApiClient']>;

const NOW = { consistency: { waitUpToMs: 0 } };

describe('engine REST through the SDK REST client', () => {
  let rest: RestEngine;
  let c8: Camunda8;
  let camunda: Client;
  let previousValidation: string | undefined;

  before(async () => {
    rest = await startRestEngine();
    previousValidation = process.env.CAMUNDA_SDK_VALIDATION;
    process.env.CAMUNDA_SDK_VALIDATION = 'req:strict,res:strict';
    c8 = new Camunda8({
      ZEEBE_REST_ADDRESS: rest.base,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      CAMUNDA_OAUTH_DISABLED: true,
      CAMUNDA_LOG_LEVEL: 'none',
      zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
    });
    camunda = c8.getOrchestrationClusterApiClient();
  });

  after(async () => {
    if (previousValidation === undefined) delete process.env.CAMUNDA_SDK_VALIDATION;
    else process.env.CAMUNDA_SDK_VALIDATION = previousValidation;
    await c8.closeAllClients();
    await rest.close();
  });

  it('deploys, starts, searches, assigns and completes a user task', async () => {
    const deployment = await camunda.createDeployment({
      resources: [
        new File([fixture('bpmn/user-task.bpmn')], 'user-task.bpmn', { type: 'application/xml' }),
        new File([fixture('forms/approval-form.form')], 'approval-form.form', { type: 'application/json' }),
      ],
    });
    expect(deployment.processes.map((p) => p.processDefinitionId)).to.deep.equal(['user-task']);
    expect(deployment.forms.map((f) => f.formId)).to.deep.equal(['approval-form']);

    const created = await camunda.createProcessInstance({
      processDefinitionId: deployment.processes[0]!.processDefinitionId,
      variables: { owner: 'li', dueAt: '2026-01-10T08:00:00Z', petition: { title: 'Bridge' } },
    });

    const found = await camunda.searchUserTasks(
      {
        filter: { candidateGroup: 'office', processInstanceKey: created.processInstanceKey },
        sort: [{ field: 'creationDate', order: 'ASC' }],
      },
      NOW,
    );
    expect(found.items).to.have.length(1);
    const task = found.items[0]!;
    expect(task).to.include({ assignee: 'li', state: 'CREATED', elementId: 'approve' });

    const fetched = await camunda.getUserTask({ userTaskKey: task.userTaskKey }, NOW);
    expect(fetched.dueDate).to.equal('2026-01-10T08:00:00.000Z');

    await camunda.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'zhao', allowOverride: true });
    const assigned = await camunda.searchUserTasks({ filter: { assignee: 'zhao' } }, NOW);
    expect(assigned.items.map((t) => t.userTaskKey)).to.deep.equal([task.userTaskKey]);

    const variables = await camunda.searchUserTaskVariables({ userTaskKey: task.userTaskKey }, NOW);
    expect(variables.items.map((v) => v.name)).to.include('title');

    await camunda.completeUserTask({ userTaskKey: task.userTaskKey, variables: { approved: true } });
    const instance = await camunda.getProcessInstance(
      { processInstanceKey: created.processInstanceKey },
      NOW,
    );
    expect(instance.state).to.equal('COMPLETED');
  });

  it('reads instances, element instances, variables, definitions and incidents', async () => {
    const deployment = await camunda.createDeployment({
      resources: [
        new File([fixture('bpmn/message-catch.bpmn')], 'message-catch.bpmn', { type: 'application/xml' }),
      ],
    });
    const processDefinitionId = deployment.processes[0]!.processDefinitionId;
    const created = await camunda.createProcessInstance({
      processDefinitionId,
      variables: { petitionId: 'P-3' },
    });
    const instances = await camunda.searchProcessInstances(
      { filter: { processDefinitionId: 'message-catch', state: 'ACTIVE' }, page: { from: 0, limit: 10 } },
      NOW,
    );
    expect(instances.items.map((i) => i.processInstanceKey)).to.deep.equal([created.processInstanceKey]);

    const elements = await camunda.searchElementInstances(
      { filter: { processInstanceKey: created.processInstanceKey } },
      NOW,
    );
    expect((elements.items ?? []).map((e) => e.elementId)).to.have.members(['start', 'wait-reply']);

    const variables = await camunda.searchVariables(
      { filter: { processInstanceKey: created.processInstanceKey } },
      NOW,
    );
    expect(variables.items.map((v) => [v.name, v.value])).to.deep.equal([['petitionId', '"P-3"']]);

    const definitions = await camunda.searchProcessDefinitions(
      { filter: { processDefinitionId: 'message-catch' } },
      NOW,
    );
    const definitionKey = definitions.items?.[0]?.processDefinitionKey;
    expect(definitionKey).to.be.a('string');
    const definition = await camunda.getProcessDefinition({ processDefinitionKey: definitionKey! }, NOW);
    expect(definition.processDefinitionId).to.equal('message-catch');

    const incidents = await camunda.searchIncidents(
      { filter: { processInstanceKey: created.processInstanceKey } },
      NOW,
    );
    expect(incidents.items).to.have.length(0);

    const published = await camunda.publishMessage({ name: 'reply', correlationKey: 'P-3' });
    expect(published.messageKey).to.match(/^\d+$/);
    const ended = await camunda.getProcessInstance({ processInstanceKey: created.processInstanceKey }, NOW);
    expect(ended.state).to.equal('COMPLETED');
  });
});
