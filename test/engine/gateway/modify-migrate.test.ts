import { expect } from 'chai';
import { expectGrpcError, serviceTaskProcess, startHarness, type Harness } from './harness.js';
import { callUnary, rawClient, type RawGateway } from './raw-gateway.js';

const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;

describe('gRPC gateway: modifying and migrating process instances', () => {
  let h: Harness;
  let raw: RawGateway;
  let processInstanceKey: string;
  /** The open 'draft' job and its element instance. */
  let draftJobKey: string;
  let draftElementKey: string;

  const activateOne = async (type: string) => {
    const [job] = await h.zbc.activateJobs({
      type,
      worker: 'clerk',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: -1,
    });
    return job;
  };

  beforeEach(async () => {
    h = await startHarness();
    raw = rawClient(h.gateway.port);
    await h.zbc.deployResource({ process: serviceTaskProcess('reply', 'draft', 'send'), name: 'reply.bpmn' });
    ({ processInstanceKey } = await h.zbc.createProcessInstance({
      bpmnProcessId: 'reply',
      variables: { n: 1 },
    }));
    const job = await activateOne('draft');
    if (!job) throw new Error('no job activated');
    draftJobKey = job.key;
    draftElementKey = job.elementInstanceKey;
  });
  afterEach(async () => {
    raw.close();
    await h.close();
  });

  describe('ModifyProcessInstance', () => {
    it('activates and terminates elements, -1 naming no ancestor and an empty scopeId the flow scope', async () => {
      const response = await h.zbc.modifyProcessInstance({
        processInstanceKey,
        activateInstructions: [
          {
            elementId: 'task_1',
            ancestorElementInstanceKey: '-1',
            variableInstructions: [{ variables: { skipped: 'draft' }, scopeId: '' }],
          },
        ],
        terminateInstructions: [{ elementInstanceKey: draftElementKey }],
      });
      expect(response).to.deep.equal({});
      expect(h.engine.callsOf('modifyProcessInstance')).to.deep.equal([
        [
          {
            processInstanceKey,
            activate: [{ elementId: 'task_1', variables: [{ variables: { skipped: 'draft' } }] }],
            terminate: [{ elementInstanceKey: draftElementKey }],
          },
        ],
      ]);
      expect(h.engine.job(draftJobKey)?.state).to.equal('done');
      const send = await activateOne('send');
      expect(send?.elementId).to.equal('task_1');
      expect(send?.variables).to.deep.equal({ n: 1, skipped: 'draft' });
    });

    it('passes a named ancestor and scopeId on, and reads "0" as no ancestor', async () => {
      await h.zbc.modifyProcessInstance({
        processInstanceKey,
        activateInstructions: [
          {
            elementId: 'task_1',
            ancestorElementInstanceKey: processInstanceKey,
            variableInstructions: [
              { variables: { a: 1 }, scopeId: 'task_1' },
              { variables: { b: 2 }, scopeId: '' },
            ],
          },
          { elementId: 'task_0', ancestorElementInstanceKey: '0', variableInstructions: [] },
        ],
      });
      expect(h.engine.callsOf('modifyProcessInstance')).to.deep.equal([
        [
          {
            processInstanceKey,
            activate: [
              {
                elementId: 'task_1',
                ancestorElementInstanceKey: processInstanceKey,
                variables: [{ scopeId: 'task_1', variables: { a: 1 } }, { variables: { b: 2 } }],
              },
              { elementId: 'task_0', variables: [] },
            ],
            terminate: [],
          },
        ],
      ]);
    });

    it('answers NOT_FOUND for an instance that does not exist', async () => {
      await expectGrpcError(
        h.zbc.modifyProcessInstance({
          processInstanceKey: '123456789012345678',
          terminateInstructions: [{ elementInstanceKey: draftElementKey }],
        }),
        NOT_FOUND,
        /process instance with key '123456789012345678'/,
      );
    });

    it('passes the engine rejection of an unknown element on as INVALID_ARGUMENT', async () => {
      await expectGrpcError(
        h.zbc.modifyProcessInstance({
          processInstanceKey,
          activateInstructions: [
            { elementId: 'no_such_task', ancestorElementInstanceKey: '-1', variableInstructions: [] },
          ],
        }),
        INVALID_ARGUMENT,
        /element 'no_such_task'.*no such element exists/,
      );
      expect(h.engine.job(draftJobKey)?.state).to.equal('activated');
    });

    it('rejects a malformed instruction, naming the field, without asking the engine', async () => {
      await expectGrpcError(
        h.zbc.modifyProcessInstance({
          processInstanceKey,
          activateInstructions: [
            { elementId: 'task_1', ancestorElementInstanceKey: '-7', variableInstructions: [] },
          ],
        }),
        INVALID_ARGUMENT,
        /^activateInstructions\[0\]\.ancestorElementInstanceKey must be an element instance key, 0 or -1, got '-7'$/,
      );
      await expectGrpcError(
        h.zbc.modifyProcessInstance({
          processInstanceKey,
          activateInstructions: [
            { elementId: ' ', ancestorElementInstanceKey: '-1', variableInstructions: [] },
          ],
        }),
        INVALID_ARGUMENT,
        /ModifyProcessInstance with a non-blank activateInstructions\[0\]\.elementId/,
      );
      await expectGrpcError(
        h.zbc.modifyProcessInstance({
          processInstanceKey,
          terminateInstructions: [{ elementInstanceKey: '0' }],
        }),
        INVALID_ARGUMENT,
        /elementInstanceKey in terminateInstructions\[0\]/,
      );
      // The SDK only sends objects; a malformed document goes out through a bare client.
      await expectGrpcError(
        callUnary(raw, 'ModifyProcessInstance', {
          processInstanceKey,
          activateInstructions: [
            {
              elementId: 'task_1',
              variableInstructions: [{ variables: '{}' }, { variables: '["x"]', scopeId: 'task_1' }],
            },
          ],
        }),
        INVALID_ARGUMENT,
        /^activateInstructions\[0\]\.variableInstructions\[1\]\.variables must be a JSON object, got array$/,
      );
      expect(h.engine.callsOf('modifyProcessInstance')).to.have.length(0);
    });
  });

  describe('MigrateProcessInstance', () => {
    let targetKey: string;
    beforeEach(async () => {
      const deployed = await h.zbc.deployResource({
        process: serviceTaskProcess('reply-v2', 'check', 'draft', 'send'),
        name: 'reply-v2.bpmn',
      });
      const entry = deployed.deployments[0] as { process: { processDefinitionKey: string } };
      targetKey = entry.process.processDefinitionKey;
    });

    it('hands the target definition and the mappings to the engine', async () => {
      const response = await h.zbc.migrateProcessInstance({
        processInstanceKey,
        migrationPlan: {
          targetProcessDefinitionKey: targetKey,
          mappingInstructions: [
            { sourceElementId: 'task_0', targetElementId: 'task_1' },
            { sourceElementId: 'task_1', targetElementId: 'task_2' },
          ],
        },
      });
      expect(response).to.deep.equal({});
      expect(h.engine.callsOf('migrateProcessInstance')).to.deep.equal([
        [
          {
            processInstanceKey,
            targetProcessDefinitionKey: targetKey,
            mappingInstructions: [
              { sourceElementId: 'task_0', targetElementId: 'task_1' },
              { sourceElementId: 'task_1', targetElementId: 'task_2' },
            ],
          },
        ],
      ]);
      const instance = h.engine.instance(processInstanceKey);
      expect(instance?.definition.key).to.equal(targetKey);
      expect(instance?.step).to.equal(1);
    });

    it('answers NOT_FOUND for an unknown target definition or instance', async () => {
      const mappingInstructions = [{ sourceElementId: 'task_0', targetElementId: 'task_1' }];
      await expectGrpcError(
        h.zbc.migrateProcessInstance({
          processInstanceKey,
          migrationPlan: { targetProcessDefinitionKey: '4242', mappingInstructions },
        }),
        NOT_FOUND,
        /process definition with key '4242'/,
      );
      await expectGrpcError(
        h.zbc.migrateProcessInstance({
          processInstanceKey: '4711',
          migrationPlan: { targetProcessDefinitionKey: targetKey, mappingInstructions },
        }),
        NOT_FOUND,
        /process instance with key '4711'/,
      );
    });

    it('passes the engine rejection of an unmapped active element on as INVALID_ARGUMENT', async () => {
      await expectGrpcError(
        h.zbc.migrateProcessInstance({
          processInstanceKey,
          migrationPlan: {
            targetProcessDefinitionKey: targetKey,
            mappingInstructions: [{ sourceElementId: 'task_1', targetElementId: 'task_2' }],
          },
        }),
        INVALID_ARGUMENT,
        /mapping instruction for active element 'task_0'/,
      );
      expect(h.engine.instance(processInstanceKey)?.definition.bpmnProcessId).to.equal('reply');
    });

    it('rejects a missing plan or target, or a blank element id, without asking the engine', async () => {
      await expectGrpcError(
        callUnary(raw, 'MigrateProcessInstance', { processInstanceKey }),
        INVALID_ARGUMENT,
        /MigrateProcessInstance with a migrationPlan, but none was given/,
      );
      await expectGrpcError(
        h.zbc.migrateProcessInstance({
          processInstanceKey,
          migrationPlan: { targetProcessDefinitionKey: '0', mappingInstructions: [] },
        }),
        INVALID_ARGUMENT,
        /migrationPlan\.targetProcessDefinitionKey, but none was given/,
      );
      await expectGrpcError(
        h.zbc.migrateProcessInstance({
          processInstanceKey,
          migrationPlan: {
            targetProcessDefinitionKey: targetKey,
            mappingInstructions: [{ sourceElementId: 'task_0', targetElementId: '' }],
          },
        }),
        INVALID_ARGUMENT,
        /non-blank migrationPlan\.mappingInstructions\[0\]\.targetElementId/,
      );
      expect(h.engine.callsOf('migrateProcessInstance')).to.have.length(0);
    });
  });
});
