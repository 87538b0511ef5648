// /v2/incidents, /v2/messages and /v2/signals against a real engine; shapes checked with
// Camunda's published 8.8 zod schemas.
import {
  incidentSchema,
  queryIncidentsResponseBodySchema,
} from '@camunda/camunda-api-zod-schemas/8.8/incident';
import {
  correlateMessageResponseBodySchema,
  publishMessageResponseBodySchema,
} from '@camunda/camunda-api-zod-schemas/8.8/message';
import { broadcastSignalResponseBodySchema } from '@camunda/camunda-api-zod-schemas/8.8/signal';
import { expect } from 'chai';
import { pino } from 'pino';
import { startEngineRest, type EngineRestServer } from '../../../src/engine/rest/index.js';
import { FakeEngine } from '../gateway/fake-engine.js';
import { expectProblem, expectSchema, startRestEngine, type Page, type RestEngine } from './support.js';

interface Incident {
  incidentKey: string;
  state: string;
  errorType: string;
  errorMessage: string;
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionId: string;
  creationTime: string;
  jobKey?: string;
}

/** Polls until `check` holds: work after a commit (a signal's fan-out) runs asynchronously. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('engine REST: incidents, messages and signals', () => {
  let rest: RestEngine;

  before(async () => {
    rest = await startRestEngine();
  });

  after(() => rest.close());

  const instanceState = async (key: string) =>
    (await rest.call<{ state: string; hasIncident: boolean }>('GET', `/v2/process-instances/${key}`)).state;

  it('finds an incident, resolves it after the cause is fixed, and reports it resolved', async () => {
    // Without its form the user task cannot be created: FORM_NOT_FOUND.
    await rest.deploy('bpmn/user-task.bpmn');
    const { processInstanceKey } = await rest.call<{ processInstanceKey: string }>(
      'POST',
      '/v2/process-instances',
      {
        processDefinitionId: 'user-task',
        variables: { owner: 'li', dueAt: '2026-01-10T08:00:00Z', petition: { title: 'Roads' } },
      },
    );

    const page = await rest.call<Page<Incident>>('POST', '/v2/incidents/search', {
      filter: { processInstanceKey, state: 'ACTIVE', errorType: 'FORM_NOT_FOUND' },
    });
    expectSchema(queryIncidentsResponseBodySchema, page);
    expect(page.page.totalItems).to.equal(1);
    const incident = page.items[0]!;
    expect(incident).to.include({
      elementId: 'approve',
      processDefinitionId: 'user-task',
      creationTime: '2026-01-05T08:00:00.000Z',
      tenantId: '<default>',
    });
    expect(incident.errorMessage).to.match(/approval-form/);
    expect(incident).not.to.have.property('jobKey');

    const one = await rest.call<Incident>('GET', `/v2/incidents/${incident.incidentKey}`);
    expectSchema(incidentSchema, one);
    expect(one).to.deep.equal(incident);

    const instance = await rest.call<{ hasIncident: boolean }>(
      'GET',
      `/v2/process-instances/${processInstanceKey}`,
    );
    expect(instance.hasIncident).to.equal(true);
    const withIncident = await rest.call<Page<{ processInstanceKey: string }>>(
      'POST',
      '/v2/process-instances/search',
      {
        filter: { hasIncident: true },
      },
    );
    expect(withIncident.items.map((i) => i.processInstanceKey)).to.deep.equal([processInstanceKey]);
    const elements = await rest.call<Page<{ elementId: string; hasIncident: boolean; incidentKey?: string }>>(
      'POST',
      '/v2/element-instances/search',
      { filter: { processInstanceKey, hasIncident: true } },
    );
    expect(elements.items.map((e) => [e.elementId, e.incidentKey])).to.deep.equal([
      ['approve', incident.incidentKey],
    ]);

    await rest.deploy('forms/approval-form.form');
    await rest.call('POST', `/v2/incidents/${incident.incidentKey}/resolution`, undefined, 204);
    const resolved = await rest.call<Incident>('GET', `/v2/incidents/${incident.incidentKey}`);
    expect(resolved.state).to.equal('RESOLVED');
    const tasks = await rest.call<Page<{ elementId: string }>>('POST', '/v2/user-tasks/search', {
      filter: { processInstanceKey },
    });
    expect(tasks.items.map((t) => t.elementId)).to.deep.equal(['approve']);
    expect(
      (await rest.call<Page<Incident>>('POST', '/v2/incidents/search', { filter: { state: 'ACTIVE' } })).page
        .totalItems,
    ).to.equal(0);

    await expectProblem(
      await rest.send('POST', `/v2/incidents/${incident.incidentKey}/resolution`),
      404,
      /no such incident/,
    );
    await expectProblem(await rest.send('GET', '/v2/incidents/2251799813999999'), 404, /not found/);
    await expectProblem(
      await rest.send('POST', '/v2/incidents/search', { filter: { errorType: 'OOPS' } }),
      400,
      /filter\.errorType/,
    );
  });

  it('publishes a message that completes a waiting instance', async () => {
    await rest.deploy('bpmn/message-catch.bpmn');
    const { processInstanceKey } = await rest.call<{ processInstanceKey: string }>(
      'POST',
      '/v2/process-instances',
      {
        processDefinitionId: 'message-catch',
        variables: { petitionId: 'P-9' },
      },
    );
    const published = await rest.call<{ messageKey: string; tenantId: string }>(
      'POST',
      '/v2/messages/publication',
      {
        name: 'reply',
        correlationKey: 'P-9',
        variables: { answer: 'yes' },
      },
    );
    expectSchema(publishMessageResponseBodySchema, published);
    expect(published.tenantId).to.equal('<default>');
    expect(await instanceState(processInstanceKey)).to.equal('COMPLETED');
    const answer = await rest.call<Page<{ value: string }>>('POST', '/v2/variables/search', {
      filter: { processInstanceKey, name: 'answer' },
    });
    expect(answer.items.map((v) => v.value)).to.deep.equal(['"yes"']);
  });

  it('buffers a message with a time to live and rejects a duplicate message id', async () => {
    const body = { name: 'reply', correlationKey: 'P-11', timeToLive: 60_000, messageId: 'reply-P-11' };
    await rest.call('POST', '/v2/messages/publication', body);
    await expectProblem(await rest.send('POST', '/v2/messages/publication', body), 409, /reply-P-11/);
    const { processInstanceKey } = await rest.call<{ processInstanceKey: string }>(
      'POST',
      '/v2/process-instances',
      {
        processDefinitionId: 'message-catch',
        variables: { petitionId: 'P-11' },
      },
    );
    expect(await instanceState(processInstanceKey)).to.equal('COMPLETED');
    await expectProblem(
      await rest.send('POST', '/v2/messages/publication', { correlationKey: 'x' }),
      400,
      /name/,
    );
  });

  it('correlates a message to the instance waiting for it, 404 when none waits', async () => {
    const { processInstanceKey } = await rest.call<{ processInstanceKey: string }>(
      'POST',
      '/v2/process-instances',
      {
        processDefinitionId: 'message-catch',
        variables: { petitionId: 'P-10' },
      },
    );
    const correlated = await rest.call<{ messageKey: string; processInstanceKey: string }>(
      'POST',
      '/v2/messages/correlation',
      {
        name: 'reply',
        correlationKey: 'P-10',
      },
    );
    expectSchema(correlateMessageResponseBodySchema, correlated);
    expect(correlated.processInstanceKey).to.equal(processInstanceKey);
    expect(await instanceState(processInstanceKey)).to.equal('COMPLETED');
    await expectProblem(
      await rest.send('POST', '/v2/messages/correlation', { name: 'reply', correlationKey: 'P-404' }),
      404,
      /.+/,
    );
  });

  it('broadcasts a signal that starts an instance', async () => {
    await rest.deploy('bpmn/signal-start.bpmn');
    const broadcast = await rest.call<{ signalKey: string; tenantId: string }>(
      'POST',
      '/v2/signals/broadcast',
      {
        signalName: 'county-alert',
        variables: { level: 2 },
      },
    );
    expectSchema(broadcastSignalResponseBodySchema, broadcast);
    await eventually(async () => {
      const started = await rest.call<Page<{ state: string }>>('POST', '/v2/process-instances/search', {
        filter: { processDefinitionId: 'signal-start' },
      });
      return started.page.totalItems === 1;
    }, 'an instance started by the signal');
    await expectProblem(
      await rest.send('POST', '/v2/signals/broadcast', { signalName: '' }),
      400,
      /signalName/,
    );
  });

  it('rejects a deployment that is not multipart, or has no resources', async () => {
    await expectProblem(
      await rest.send('POST', '/v2/deployments', { resources: [] }),
      415,
      /multipart\/form-data/,
    );
    const empty = new FormData();
    empty.append('tenantId', '<default>');
    await expectProblem(
      await fetch(`${rest.base}/v2/deployments`, { method: 'POST', body: empty }),
      400,
      /resources/,
    );
    const broken = new FormData();
    broken.append('resources', new Blob(['<definitions']), 'broken.bpmn');
    await expectProblem(
      await fetch(`${rest.base}/v2/deployments`, { method: 'POST', body: broken }),
      400,
      /broken\.bpmn/,
    );
  });
});

describe('engine REST: an engine without a read side', () => {
  let server: EngineRestServer;
  before(async () => {
    server = await startEngineRest({
      engine: new FakeEngine(),
      host: '127.0.0.1',
      port: 0,
      clockControlled: false,
      logger: pino({ level: 'silent' }),
    });
  });
  after(() => server.stop());

  it('answers 501 to searches', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/v2/user-tasks/search`, { method: 'POST' });
    await expectProblem(response, 501, /no read side/);
  });
});
