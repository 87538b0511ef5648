// Completing the triage task records the decision on the petition, so the lead unit can open it;
// units that do not exist are refused before the task is completed.
import { expect } from 'chai';
import { SEARCH_NOW } from '../../src/app/engine/rest.js';
import { getPetitionByNumber } from '../../src/domain/petitions/index.js';
import {
  idNumber,
  petitionInput,
  signedIn,
  startAppUnderTest,
  type ApiClient,
  type AppUnderTest,
} from './support.js';

interface Task {
  key: string;
  elementId: string;
  petition: { number: string } | null;
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

const TRIAGE = {
  kind: 'appeal',
  line: 'ordinary',
  leadUnit: 'housing-construction',
  coUnits: ['natural-resources'],
  procedure: 'simplified',
  riskLevel: 'medium',
};

describe('API triage recorded on the petition', function () {
  this.timeout(30_000);
  let app: AppUnderTest;
  let office: ApiClient;
  let housing: ApiClient;
  let number: string;
  let triage: Task;

  before(async () => {
    app = await startAppUnderTest();
    const zeebe = app.camunda.getZeebeGrpcApiClient();
    // The routing stand-in proposes the education bureau; the office decides otherwise.
    zeebe.createWorker({
      taskType: 'route-petition',
      taskHandler: (job) => job.complete({ leadUnit: 'education', coUnits: [], line: 'ordinary' }),
      pollInterval: 100,
    });
    office = await signedIn(app, 'office');
    housing = await signedIn(app, 'housing');
    const intake = await signedIn(app, 'intake');
    const registered = await intake.send<{ petition: { number: string } }>(
      'POST',
      '/api/petitions',
      petitionInput({
        petitioner: { name: '钱七', idNumber: idNumber('1982-02-02', 31), phone: '13700137000' },
      }),
    );
    number = registered.body.petition.number;
    triage = await eventually(() =>
      office
        .send<{ items: Task[] }>('GET', '/api/tasks')
        .then((answer) =>
          answer.body.items.find((t) => t.petition?.number === number && t.elementId === 'triage'),
        ),
    );
  });
  after(() => app.close());

  it('refuses unknown units, changes nothing and keeps the task open', async () => {
    const answer = await office.send('POST', `/api/tasks/${triage.key}/complete`, {
      variables: { ...TRIAGE, leadUnit: 'no-such-unit', coUnits: ['nowhere'] },
    });

    expect(answer.status).to.equal(400);
    expect((answer.body.errors as { field: string }[]).map((e) => e.field)).to.have.members([
      'variables.leadUnit',
      'variables.coUnits',
    ]);
    const task = await app.api.engine.getUserTask({ userTaskKey: triage.key }, SEARCH_NOW);
    expect(task.state).to.equal('CREATED');
    expect((await getPetitionByNumber(app.database.pool, number))?.leadUnit).to.equal(null);
  });

  it('refuses an accusation sent to another unit than the discipline commission', async () => {
    const answer = await office.send('POST', `/api/tasks/${triage.key}/complete`, {
      variables: { ...TRIAGE, kind: 'accusation', coUnits: [] },
    });

    expect(answer.status).to.equal(400);
    expect((answer.body.errors as { field: string }[]).map((e) => e.field)).to.deep.equal([
      'variables.leadUnit',
    ]);
  });

  it('records kind, procedure, risk and units, and the lead unit can open the petition', async () => {
    expect((await housing.send('GET', `/api/petitions/${number}`)).status).to.equal(404);

    const answer = await office.send('POST', `/api/tasks/${triage.key}/complete`, { variables: TRIAGE });

    expect(answer.status).to.equal(200);
    const petition = (await getPetitionByNumber(app.database.pool, number))!;
    expect(petition).to.deep.include({
      kind: 'appeal',
      procedure: 'simplified',
      riskLevel: 'medium',
      leadUnit: 'housing-construction',
      coUnits: ['natural-resources'],
    });
    const detail = await housing.send<{ leadUnit: { code: string }; timeline: { kind: string }[] }>(
      'GET',
      `/api/petitions/${number}`,
    );
    expect(detail.status).to.equal(200);
    expect(detail.body.leadUnit.code).to.equal('housing-construction');
    expect(detail.body.timeline.map((entry) => entry.kind)).to.include.members(['triaged', 'task-completed']);
  });
});
