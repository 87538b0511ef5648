import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { startEngineServer } from '../../src/engine/server.js';
import { createCamundaClient } from '../../workers/camunda-client.js';
import { createTestDatabase } from '../support/database.js';
import { freePort } from '../support/ports.js';

const NOW = { consistency: { waitUpToMs: 0 } };
describe('scratch', function () {
  this.timeout(120_000);
  it('explores', async () => {
    const db = await createTestDatabase();
    const config = loadConfig({ ENGINE_GRPC_PORT: String(await freePort()), ENGINE_REST_PORT: String(await freePort()), LOG_LEVEL: 'silent' });
    const engine = await startEngineServer({ databaseUrl: db.url, grpcPort: config.engineGrpcPort, restPort: config.engineRestPort, host: '127.0.0.1', clockControlled: true, logger: pino({ level: 'silent' }) });
    const c8 = createCamundaClient(config);
    const rest = c8.getOrchestrationClusterApiClient();
    const dep = await rest.createDeployment({ resources: [
      new File([readFileSync('test/app/fixtures/petition-stand-in.bpmn')], 'p.bpmn', { type: 'application/xml' }),
      new File([readFileSync('forms/petition-triage.form')], 'petition-triage.form', { type: 'application/json' }),
      new File([readFileSync('forms/petition-acceptance.form')], 'petition-acceptance.form', { type: 'application/json' }),
    ] });
    console.log(JSON.stringify(dep).slice(0, 300));
    const created = await rest.createProcessInstance({ processDefinitionId: 'petition' as never, variables: { petitionId: 'XF-1', title: 't' } });
    console.log(created);
    const tasks = await rest.searchUserTasks({ filter: { candidateGroup: { $in: ['office', 'x'] }, state: 'CREATED' } }, NOW);
    console.log(JSON.stringify(tasks));
    const task = tasks.items[0]!;
    const form = await rest.getUserTaskForm({ userTaskKey: task.userTaskKey }, NOW);
    console.log(typeof form, JSON.stringify(form).slice(0, 200));
    const vars = await rest.searchVariables({ filter: { processInstanceKey: { $in: [created.processInstanceKey] }, name: 'petitionId' } } as never, NOW);
    console.log(JSON.stringify(vars));
    const pub = await rest.publishMessage({ name: 'petition-repeated', correlationKey: 'XF-1', variables: { repeatCount: 1 } });
    console.log(pub);
    await rest.completeUserTask({ userTaskKey: task.userTaskKey, variables: { leadUnit: 'u1' } });
    const again = await rest.getUserTask({ userTaskKey: task.userTaskKey }, NOW);
    console.log('after complete', again.state);
    try { await rest.completeUserTask({ userTaskKey: task.userTaskKey, variables: {} }); } catch (e) { console.log('complete twice', Object.keys(e as object), (e as {status?: number}).status, (e as Error).name, (e as Error).message); }
    try { await rest.getUserTask({ userTaskKey: '2251799813999999' as never }, NOW); } catch (e) { console.log('missing', (e as {status?: number}).status, (e as Error).message); }
    const pis = await rest.searchProcessInstances({ filter: { processDefinitionId: 'petition' as never, variables: [{ name: 'petitionId', value: '"XF-1"' }] } } as never, NOW);
    console.log('pi by var', JSON.stringify(pis).slice(0, 300));
    await engine.stop();
    const t0 = Date.now();
    try { await rest.createProcessInstance({ processDefinitionId: 'petition' as never, variables: {} }); } catch (e) { console.log('down', Date.now() - t0, (e as {status?: number}).status, (e as Error).name, (e as Error).message); }
    await c8.closeAllClients();
    await db.drop();
  });
});
