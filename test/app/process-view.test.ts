// The process view of a petition and the administrator's repairs, against the real engine with
// the petition model of bpmn/. A stand-in routing worker fails chosen petitions' jobs with no
// retries left, which makes the incidents the repairs are tried on.
import { expect } from 'chai';
import { SEARCH_NOW } from '../../src/app/engine/rest.js';
import { listAudit } from '../../src/domain/audit/index.js';
import { createUser } from '../../src/domain/users/index.js';
import {
  branded,
  idNumber,
  PASSWORD,
  petitionInput,
  signedIn,
  startAppUnderTest,
  type ApiClient,
  type AppUnderTest,
} from './support.js';

interface ElementView {
  key: string;
  elementId: string;
  type: string;
  state: string;
  startDate: string | null;
  endDate: string | null;
}

interface IncidentView {
  key: string;
  elementId: string;
  type: string;
  message: string;
  jobKey: string | null;
  state: string;
}

interface InstanceView {
  key: string;
  processDefinitionId: string;
  state: string;
  hasIncident: boolean;
  bpmnXml: string;
  elements: ElementView[];
  activeElementIds: string[];
  sequenceFlows: string[];
  sequenceFlowsSource: string;
  incidents: IncidentView[];
}

interface ProcessView {
  petition: { number: string };
  instances: InstanceView[];
  history: { at: string; source: string; kind?: string; event?: string; elementId?: string }[];
}

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ROUTING_DOWN = '路由规则服务暂不可用';
/** Petitions titled so get a routing job that fails once with no retries left. */
const FAIL_ONCE = '【路由失败】';

describe('API process view and repairs', function () {
  this.timeout(30_000);
  let app: AppUnderTest;
  let office: ApiClient;
  let admin: ApiClient;
  /** Petitions whose routing job has failed once; the job of a titled FAIL_ONCE petition fails once. */
  const failedOnce = new Set<string>();

  async function register(
    client: ApiClient,
    name: string,
    sequence: number,
    title?: string,
  ): Promise<string> {
    const answer = await client.send<{ petition: { number: string } }>(
      'POST',
      '/api/petitions',
      petitionInput({
        petitioner: { name, idNumber: idNumber('1980-02-02', sequence), phone: '13900139000' },
        firstTime: false,
        ...(title === undefined ? {} : { title }),
      }),
    );
    expect(answer.status).to.equal(201);
    return answer.body.petition.number;
  }

  async function viewOf(client: ApiClient, number: string) {
    return client.send<ProcessView>('GET', `/api/petitions/${number}/process`);
  }

  const mainInstance = async (number: string) => (await viewOf(office, number)).body.instances[0]!;

  before(async () => {
    app = await startAppUnderTest();
    await createUser(
      app.database.pool,
      { username: 'admin', displayName: '系统管理员', roles: ['admin'], unitCode: null, password: PASSWORD },
      new Date(),
    );
    const zeebe = app.camunda.getZeebeGrpcApiClient();
    zeebe.createWorker({
      taskType: 'route-petition',
      taskHandler: (job) => {
        const number = job.variables.petitionId as string;
        const title = job.variables.title as string;
        if (title.startsWith(FAIL_ONCE) && !failedOnce.has(number)) {
          failedOnce.add(number);
          return job.fail({ errorMessage: ROUTING_DOWN, retries: 0 });
        }
        return job.complete({ leadUnit: 'housing-construction', coUnits: [], line: 'ordinary' });
      },
      pollInterval: 100,
    });
    office = await signedIn(app, 'office');
    admin = await signedIn(app, 'admin');
  });
  after(() => app.close());

  describe('the view', () => {
    let number: string;

    before(async () => {
      number = await register(await signedIn(app, 'intake'), '钱一', 1);
      await eventually(async () =>
        (await mainInstance(number)).activeElementIds.includes('triage') ? true : undefined,
      );
    });

    it("shows the petition's instance with its model, its elements, the flows taken and the history", async () => {
      const answer = await viewOf(office, number);

      expect(answer.status).to.equal(200);
      expect(answer.body.petition.number).to.equal(number);
      expect(answer.body.instances).to.have.length(1);
      const instance = answer.body.instances[0]!;
      expect(instance).to.deep.include({
        processDefinitionId: 'petition',
        state: 'ACTIVE',
        hasIncident: false,
      });
      expect(instance.bpmnXml)
        .to.match(/<(bpmn:)?definitions/)
        .and.include('id="triage"');
      expect(instance.activeElementIds).to.deep.equal(['triage']);
      const route = instance.elements.find((e) => e.elementId === 'route');
      expect(route).to.deep.include({ type: 'SERVICE_TASK', state: 'COMPLETED' });
      expect(route!.endDate).to.be.a('string');
      expect(instance.elements.find((e) => e.elementId === 'triage')).to.deep.include({
        type: 'USER_TASK',
        state: 'ACTIVE',
        endDate: null,
      });
      // The engine lists the flows taken: from the start to the routing task, on to triage.
      expect(instance.sequenceFlowsSource).to.equal('engine');
      expect(instance.sequenceFlows.length).to.be.at.least(2);
      for (const flow of instance.sequenceFlows) expect(instance.bpmnXml).to.include(`id="${flow}"`);

      const times = answer.body.history.map((entry) => Date.parse(entry.at));
      expect(times).to.deep.equal([...times].sort((a, b) => a - b));
      expect(answer.body.history.some((e) => e.source === 'petition' && e.kind === 'registered')).to.equal(
        true,
      );
      expect(
        answer.body.history.some(
          (e) => e.source === 'process' && e.elementId === 'triage' && e.event === 'started',
        ),
      ).to.equal(true);
    });

    it('is hidden from units outside the case and refused to roles that see no petitions', async () => {
      expect((await viewOf(await signedIn(app, 'education'), number)).status).to.equal(404);
      expect((await viewOf(await signedIn(app, 'designer'), number)).status).to.equal(403);
      expect((await viewOf(office, 'XF-2026-999999')).status).to.equal(404);
    });
  });

  describe('incidents and jobs', () => {
    let resolved: string;
    let retried: string;

    const incidentOf = async (number: string) =>
      eventually(async () => (await mainInstance(number)).incidents.find((i) => i.state === 'ACTIVE'));

    before(async () => {
      const intake = await signedIn(app, 'intake');
      resolved = await register(intake, '孙二', 2, `${FAIL_ONCE}楼顶漏水`);
      retried = await register(intake, '李三', 3, `${FAIL_ONCE}道路破损`);
    });

    it('lists an incident of a job that failed with no retries left', async () => {
      const incident = await incidentOf(resolved);
      expect(incident).to.deep.include({ elementId: 'route', type: 'JOB_NO_RETRIES', message: ROUTING_DOWN });
      expect(incident.jobKey).to.match(/^\d+$/);
      const instance = await mainInstance(resolved);
      expect(instance.hasIncident).to.equal(true);
      expect(instance.elements.find((e) => e.elementId === 'route')).to.deep.include({ state: 'ACTIVE' });
    });

    it('refuses repairs to anyone but an administrator, and changes nothing', async () => {
      const incident = await incidentOf(resolved);
      for (const [method, path, body] of [
        ['POST', `/api/process/incidents/${incident.key}/resolve`, {}],
        ['POST', `/api/process/jobs/${incident.jobKey!}/retries`, { retries: 1 }],
        [
          'POST',
          `/api/process/instances/${(await mainInstance(resolved)).key}/modify`,
          { activate: [{ elementId: 'triage' }] },
        ],
      ] as const) {
        expect((await office.send(method, path, body)).status, path).to.equal(403);
      }
      expect((await incidentOf(resolved)).key).to.equal(incident.key);
    });

    it('resolves a job incident: the job gets retries again and runs', async () => {
      const incident = await incidentOf(resolved);

      const answer = await admin.send('POST', `/api/process/incidents/${incident.key}/resolve`, {});

      expect(answer.status).to.equal(200);
      await eventually(async () =>
        (await mainInstance(resolved)).activeElementIds.includes('triage') ? true : undefined,
      );
      const instance = await mainInstance(resolved);
      expect(instance.incidents.find((i) => i.key === incident.key)?.state).to.equal('RESOLVED');
      expect(instance.hasIncident).to.equal(false);
      const again = await admin.send('POST', `/api/process/incidents/${incident.key}/resolve`, {});
      expect(again.status).to.equal(409);
      expect(
        (await admin.send('POST', '/api/process/incidents/2251799813999999/resolve', {})).status,
      ).to.equal(404);

      const audit = await listAudit(app.database.pool, {
        action: 'process.incident_resolved',
        limit: 10,
        offset: 0,
      });
      expect(audit.items).to.have.length(1);
      expect(audit.items[0]).to.deep.include({ actor: 'admin', target: instance.key });
      expect(audit.items[0]!.details).to.deep.include({
        incidentKey: incident.key,
        jobKey: incident.jobKey,
        retries: 1,
      });
    });

    it("sets a job's retries, after which its incident can be resolved", async () => {
      const incident = await incidentOf(retried);
      const bad = await admin.send<{ errors: { field: string }[] }>(
        'POST',
        `/api/process/jobs/${incident.jobKey!}/retries`,
        { retries: 0 },
      );
      expect(bad.status).to.equal(400);
      expect(bad.body.errors.map((e) => e.field)).to.deep.equal(['retries']);

      const answer = await admin.send('POST', `/api/process/jobs/${incident.jobKey!}/retries`, {
        retries: 3,
      });

      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({ job: { key: incident.jobKey, retries: 3 } });
      // The engine resolves a job incident only when the job has retries again.
      await app.api.engine.resolveIncident({ incidentKey: incident.key });
      await eventually(async () =>
        (await mainInstance(retried)).activeElementIds.includes('triage') ? true : undefined,
      );
      const audit = await listAudit(app.database.pool, {
        action: 'process.job_retried',
        limit: 10,
        offset: 0,
      });
      expect(audit.items).to.have.length(1);
      expect(audit.items[0]).to.deep.include({ actor: 'admin', target: (await mainInstance(retried)).key });
      expect(audit.items[0]!.details).to.deep.equal({ jobKey: incident.jobKey, retries: 3 });
      expect(
        (await admin.send('POST', '/api/process/jobs/2251799813999999/retries', { retries: 1 })).status,
      ).to.equal(404);
    });
  });

  describe('moving an instance', () => {
    let number: string;

    before(async () => {
      number = await register(await signedIn(app, 'intake'), '周四', 4);
      await eventually(async () =>
        (await mainInstance(number)).activeElementIds.includes('triage') ? true : undefined,
      );
    });

    type TaskFilter = NonNullable<Parameters<AppUnderTest['api']['engine']['searchUserTasks']>[0]['filter']>;
    const triageTasks = async (instanceKey: string) =>
      (
        await app.api.engine.searchUserTasks(
          {
            filter: {
              processInstanceKey: branded<TaskFilter['processInstanceKey']>(instanceKey),
              elementId: branded<TaskFilter['elementId']>('triage'),
            },
          },
          SEARCH_NOW,
        )
      ).items;

    it('names unknown elements and element instances, and changes nothing', async () => {
      const instance = await mainInstance(number);
      const answer = await admin.send<{ errors: { field: string; message: string }[] }>(
        'POST',
        `/api/process/instances/${instance.key}/modify`,
        {
          activate: [{ elementId: 'no-such-step' }],
          terminate: [{ elementInstanceKey: '2251799813999999' }],
        },
      );

      expect(answer.status).to.equal(400);
      expect(answer.body.errors.map((e) => e.field)).to.deep.equal([
        'activate[0].elementId',
        'terminate[0].elementInstanceKey',
      ]);
      expect((await mainInstance(number)).elements).to.deep.equal(instance.elements);
      expect((await admin.send('POST', `/api/process/instances/${instance.key}/modify`, {})).status).to.equal(
        400,
      );
      expect(
        (
          await admin.send('POST', '/api/process/instances/2251799813999999/modify', {
            activate: [{ elementId: 'triage' }],
          })
        ).status,
      ).to.equal(404);
    });

    it('terminates and activates elements in one step, audited', async () => {
      const instance = await mainInstance(number);
      const triage = instance.elements.find((e) => e.elementId === 'triage' && e.state === 'ACTIVE')!;
      const [before] = await triageTasks(instance.key);

      const answer = await admin.send('POST', `/api/process/instances/${instance.key}/modify`, {
        terminate: [{ elementInstanceKey: triage.key }],
        activate: [{ elementId: 'triage' }],
      });

      expect(answer.status).to.equal(200);
      const after = await mainInstance(number);
      expect(after.elements.find((e) => e.key === triage.key)?.state).to.equal('TERMINATED');
      expect(after.elements.filter((e) => e.elementId === 'triage' && e.state === 'ACTIVE')).to.have.length(
        1,
      );
      const tasks = await triageTasks(instance.key);
      expect(tasks.find((t) => String(t.userTaskKey) === String(before!.userTaskKey))?.state).not.to.equal(
        'CREATED',
      );
      expect(tasks.filter((t) => t.state === 'CREATED')).to.have.length(1);
      const audit = await listAudit(app.database.pool, {
        action: 'process.instance_modified',
        limit: 10,
        offset: 0,
      });
      expect(audit.items).to.have.length(1);
      expect(audit.items[0]).to.deep.include({ actor: 'admin', target: instance.key });
      expect(audit.items[0]!.details).to.deep.include({ activate: ['triage'], terminate: [triage.key] });
    });
  });
});
