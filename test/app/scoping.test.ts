// Unit scoping of every API operation. Unit A (housing-construction) leads a petition with a task
// and a letter; the discipline commission leads an accusation against unit A. For every operation
// in API_OPERATIONS the table below says how the user of unit B (education) — and, for the
// accusation, the accused unit A — is kept out: 403 or 404, no data of the case in the answer, and
// nothing changed. Operations without petition, task, letter or unit data say so explicitly. An
// operation without an entry fails the test, so every new route must state its scoping here.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { API_OPERATIONS } from '../../src/app/api/openapi.js';
import { SEARCH_NOW } from '../../src/app/engine/rest.js';
import { issueLetter } from '../../src/domain/letters/index.js';
import { applyTriage, getPetitionByNumber, type Petition } from '../../src/domain/petitions/index.js';
import { createUser } from '../../src/domain/users/index.js';
import {
  PASSWORD,
  idNumber,
  petitionInput,
  signedIn,
  startAppUnderTest,
  type Answer,
  type ApiClient,
  type AppUnderTest,
} from './support.js';

/** A case of unit A's, and what of it must not reach another unit. */
interface Case {
  number: string;
  petition: Petition;
  /** Title, petitioner name, ID number (clear and masked), phone: never in another unit's answer. */
  secrets: string[];
  /** The acceptance task of its lead unit. */
  taskKey: string;
  letterId: string;
}

interface Scene {
  app: AppUnderTest;
  /** Unit A's user (housing-construction), who leads the petition and is accused in the accusation. */
  housing: ApiClient;
  /** Unit B's user (education). */
  education: ApiClient;
  /** The heads of unit B and of unit A (who see their unit's statistics). */
  educationHead: ApiClient;
  housingHead: ApiClient;
  discipline: ApiClient;
  petition: Case & { petitioner: ReturnType<typeof petitionInput>['petitioner'] };
  accusation: Case;
}

type Check = (scene: Scene) => Promise<void>;
const NO_CASE_DATA = 'no case data';

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const text = (answer: Answer<unknown>) => JSON.stringify(answer.body ?? '');

/** Refused with 403 or 404, and nothing of the case in the answer (the number the caller sent aside). */
function refused(answer: Answer<unknown>, of: Case, label: string): void {
  expect(answer.status, label).to.be.oneOf([403, 404]);
  for (const secret of of.secrets) expect(text(answer), label).not.to.contain(secret);
}

/** A list or search: answered (or refused) without the case, its number included. */
function without(answer: Answer<unknown>, of: Case, label: string): void {
  expect(answer.status, label).to.be.oneOf([200, 403, 404]);
  for (const secret of [of.number, of.taskKey, ...of.secrets])
    expect(text(answer), label).not.to.contain(secret);
}

/** The user from outside each case: unit B for the petition; unit B and the accused unit A for the accusation. */
function outsiders(scene: Scene): [ApiClient, Case, string][] {
  return [
    [scene.education, scene.petition, 'unit B on the petition'],
    [scene.education, scene.accusation, 'unit B on the accusation'],
    [scene.housing, scene.accusation, 'the accused unit on the accusation'],
  ];
}

/** The unit heads from outside each case: unit B's for both, the accused unit A's for the accusation. */
function outsideHeads(scene: Scene): [ApiClient, Case, string][] {
  return [
    [scene.educationHead, scene.petition, "unit B's head on the petition"],
    [scene.educationHead, scene.accusation, "unit B's head on the accusation"],
    [scene.housingHead, scene.accusation, "the accused unit's head on the accusation"],
  ];
}

/** The text of every cell of an .xlsx workbook. */
async function workbookText(bytes: ArrayBuffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => {
    cells.push(sheet.name);
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
  });
  return cells.join('\n');
}

/** For each outsider and case: `request` is refused and reveals nothing. */
function refusedFor(request: (client: ApiClient, of: Case) => Promise<Answer<unknown>>): Check {
  return async (scene) => {
    for (const [client, of, label] of outsiders(scene)) refused(await request(client, of), of, label);
  };
}

/** For each outsider and case: the task is refused and still open, held by nobody. */
function taskUntouched(request: (client: ApiClient, key: string) => Promise<Answer<unknown>>): Check {
  return async (scene) => {
    for (const [client, of, label] of outsiders(scene)) {
      refused(await request(client, of.taskKey), of, label);
      const task = await scene.app.api.engine.getUserTask({ userTaskKey: of.taskKey }, SEARCH_NOW);
      expect(task.state, label).to.equal('CREATED');
      expect(task.assignee ?? null, label).to.equal(null);
    }
  };
}

/** Operations only some roles may use, none of them a unit's: the unit users get 403. */
function forbiddenToUnits(request: (client: ApiClient, scene: Scene) => Promise<Answer<unknown>>): Check {
  return async (scene) => {
    for (const [client, of, label] of outsiders(scene)) {
      const answer = await request(client, scene);
      expect(answer.status, label).to.equal(403);
      for (const secret of of.secrets) expect(text(answer), label).not.to.contain(secret);
    }
  };
}

const SCOPING: Record<string, Check | typeof NO_CASE_DATA> = {
  'post /api/session': NO_CASE_DATA,
  'get /api/session': NO_CASE_DATA,
  'delete /api/session': NO_CASE_DATA,
  // Registering a repeat would name the open case: only the petition office registers.
  'post /api/petitions': forbiddenToUnits((client, scene) =>
    client.send('POST', '/api/petitions', petitionInput({ petitioner: scene.petition.petitioner })),
  ),
  'get /api/petitions/{number}': refusedFor((client, of) =>
    client.send('GET', `/api/petitions/${of.number}`),
  ),
  'get /api/tasks': async (scene) => {
    for (const [client, of, label] of outsiders(scene)) {
      for (const scope of ['all', 'unit', 'claimable', 'mine']) {
        without(await client.send('GET', `/api/tasks?scope=${scope}`), of, `${label}, ${scope}`);
      }
      without(await client.send('GET', `/api/tasks?q=${encodeURIComponent(of.number)}`), of, `${label}, q`);
    }
  },
  'post /api/tasks/{key}/complete': taskUntouched((client, key) =>
    client.send('POST', `/api/tasks/${key}/complete`, { variables: {} }),
  ),
  'post /api/petitions/{number}/recheck': forbiddenToUnits((client, scene) =>
    client.send('POST', `/api/petitions/${scene.petition.number}/recheck`, {
      level: 'review',
      reason: '不服',
    }),
  ),
  'get /api/letters': async (scene) => {
    for (const [client, of, label] of outsiders(scene)) {
      without(await client.send('GET', '/api/letters'), of, label);
      without(await client.send('GET', `/api/letters?petition=${of.number}`), of, `${label}, filtered`);
    }
  },
  'get /api/letters/{id}/document': refusedFor((client, of) =>
    client.send('GET', `/api/letters/${of.letterId}/document`),
  ),
  'post /api/letters/{id}/reply': async (scene) => {
    await refusedFor((client, of) =>
      client.send('POST', `/api/letters/${of.letterId}/reply`, { text: '不是本单位的函件。' }),
    )(scene);
    const replied = await scene.app.database.pool.query(
      'SELECT 1 FROM app.letters WHERE id = ANY ($1::bigint[]) AND reply_text IS NOT NULL',
      [[scene.petition.letterId, scene.accusation.letterId]],
    );
    expect(replied.rowCount).to.equal(0);
  },
  'get /api/categories': NO_CASE_DATA,
  'get /api/areas': NO_CASE_DATA,
  'get /api/units': NO_CASE_DATA,
  'get /api/openapi.json': NO_CASE_DATA,
  'get /api/tasks/{key}': refusedFor((client, of) => client.send('GET', `/api/tasks/${of.taskKey}`)),
  'post /api/tasks/{key}/claim': taskUntouched((client, key) =>
    client.send('POST', `/api/tasks/${key}/claim`),
  ),
  'post /api/tasks/{key}/release': taskUntouched((client, key) =>
    client.send('POST', `/api/tasks/${key}/release`),
  ),
  'get /api/petitions/{number}/process': refusedFor((client, of) =>
    client.send('GET', `/api/petitions/${of.number}/process`),
  ),
  // Attachments follow the petition's visibility; an outsider's upload stores nothing.
  'post /api/petitions/{number}/attachments': async (scene) => {
    await refusedFor((client, of) =>
      client.send('POST', `/api/petitions/${of.number}/attachments`, { file: '不是本单位的事项' }),
    )(scene);
    const stored = await scene.app.database.pool.query('SELECT 1 FROM app.petition_attachments');
    expect(stored.rowCount, 'attachments stored').to.equal(0);
  },
  'get /api/petitions/{number}/attachments': refusedFor((client, of) =>
    client.send('GET', `/api/petitions/${of.number}/attachments`),
  ),
  'get /api/petitions/{number}/attachments/{id}': refusedFor((client, of) =>
    client.send('GET', `/api/petitions/${of.number}/attachments/1`),
  ),
  // Repairs of running processes: administrators only.
  'post /api/process/incidents/{key}/resolve': forbiddenToUnits((client) =>
    client.send('POST', '/api/process/incidents/2251799813685249/resolve', {}),
  ),
  'post /api/process/jobs/{key}/retries': forbiddenToUnits((client) =>
    client.send('POST', '/api/process/jobs/2251799813685249/retries', { retries: 1 }),
  ),
  'post /api/process/instances/{key}/modify': forbiddenToUnits((client, scene) =>
    client.send('POST', `/api/process/instances/${scene.petition.petition.processInstanceKey}/modify`, {
      terminate: [],
    }),
  ),
  // Process models and forms: no case data (designers and administrators only).
  'get /api/models': NO_CASE_DATA,
  'get /api/models/{definitionKey}/xml': NO_CASE_DATA,
  'post /api/models/lint': NO_CASE_DATA,
  'post /api/models/deploy': NO_CASE_DATA,
  'get /api/petitions/{number}/petitioner': async (scene) => {
    await refusedFor((client, of) => client.send('GET', `/api/petitions/${of.number}/petitioner`))(scene);
    const audited = await scene.app.database.pool.query(
      "SELECT 1 FROM app.audit_log WHERE action = 'petitioner.unmasked' AND actor IN ('education', 'housing')",
    );
    expect(audited.rowCount).to.equal(0);
  },
  // Accounts and units of every unit, and the audit log: administrators only.
  'get /api/admin/users': forbiddenToUnits((client) => client.send('GET', '/api/admin/users')),
  'post /api/admin/users': forbiddenToUnits((client) =>
    client.send('POST', '/api/admin/users', {
      username: 'intruder',
      displayName: '越权',
      password: PASSWORD,
      roles: ['admin'],
    }),
  ),
  'patch /api/admin/users/{username}': forbiddenToUnits((client) =>
    client.send('PATCH', '/api/admin/users/housing-head', { unitCode: 'education' }),
  ),
  'post /api/admin/users/{username}/password': forbiddenToUnits((client) =>
    client.send('POST', '/api/admin/users/housing-head/password', { password: 'taken over 2026' }),
  ),
  'post /api/admin/users/{username}/unlock': forbiddenToUnits((client) =>
    client.send('POST', '/api/admin/users/housing-head/unlock'),
  ),
  'get /api/admin/units': forbiddenToUnits((client) => client.send('GET', '/api/admin/units')),
  'post /api/admin/units': forbiddenToUnits((client) =>
    client.send('POST', '/api/admin/units', { code: 'rogue', name: '冒名单位', kind: 'department' }),
  ),
  'patch /api/admin/units/{code}': forbiddenToUnits((client) =>
    client.send('PATCH', '/api/admin/units/housing-construction', { contactPhone: '13900000000' }),
  ),
  'get /api/petitions': async (scene) => {
    for (const [client, of, label] of outsiders(scene)) {
      for (const query of [
        '',
        `q=${encodeURIComponent(of.number)}`,
        `q=${encodeURIComponent(of.secrets[0]!)}`,
      ]) {
        without(await client.send('GET', `/api/petitions?${query}`), of, `${label}, ?${query}`);
      }
      const byUnit = await client.send('GET', `/api/petitions?unit=${of.petition.leadUnit ?? ''}`);
      expect(byUnit.status, `${label}, unit filter`).to.be.oneOf([200, 400, 403]);
      without(byUnit, of, `${label}, unit filter`);
    }
  },
  // Repeat hints name other petitions: only the petition office, which registers, asks for them.
  'get /api/petitions/hints': forbiddenToUnits((client, scene) =>
    client.send(
      'GET',
      `/api/petitions/hints?idNumber=${scene.petition.petitioner.idNumber}&title=${encodeURIComponent(scene.petition.secrets[0]!)}`,
    ),
  ),
  'get /api/dashboard': async (scene) => {
    await forbiddenToUnits((client) => client.send('GET', '/api/dashboard'))(scene);
    for (const [head, of, label] of outsideHeads(scene)) {
      const own = await head.send('GET', '/api/dashboard');
      expect(own.status, label).to.equal(200);
      without(own, of, label);
      const other = await head.send('GET', `/api/dashboard?unit=${of.petition.leadUnit ?? ''}`);
      expect(other.status, `${label}, unit filter`).to.be.oneOf([400, 403]);
      without(other, of, `${label}, unit filter`);
    }
  },
  'get /api/dashboard/export': async (scene) => {
    await forbiddenToUnits((client) => client.send('GET', '/api/dashboard/export'))(scene);
    for (const [head, of, label] of outsideHeads(scene)) {
      const response = await fetch(`${scene.app.server.url}/api/dashboard/export`, {
        headers: { cookie: head.cookie! },
      });
      expect(response.status, label).to.equal(200);
      const cells = await workbookText(await response.arrayBuffer());
      expect(cells, label).to.contain('统计');
      for (const secret of [of.number, ...of.secrets]) expect(cells, label).not.to.contain(secret);
    }
  },
  'get /api/admin/audit': forbiddenToUnits((client, scene) =>
    client.send('GET', `/api/admin/audit?target=${scene.petition.number}`),
  ),
  // The national holiday schedule the county enters: administrators only.
  'get /api/admin/calendar/years': forbiddenToUnits((client) =>
    client.send('GET', '/api/admin/calendar/years'),
  ),
  'put /api/admin/calendar/years/{year}': forbiddenToUnits((client) =>
    client.send('PUT', '/api/admin/calendar/years/2027', {
      notice: 'https://www.gov.cn/zhengce/content/202611/content_0000001.htm',
      days: [{ date: '2027-01-01', working: false, name: '元旦' }],
    }),
  ),
};

describe('unit scoping of every API operation', function () {
  this.timeout(60_000);
  let app: AppUnderTest;
  const scene = {} as Scene;

  /** Registers a case, triages it to `leadUnit` and waits for its acceptance task. */
  async function caseLedBy(
    office: ApiClient,
    lead: ApiClient,
    input: ReturnType<typeof petitionInput>,
    triage: { kind: 'appeal' | 'accusation'; leadUnit: string; unitName: string },
  ): Promise<Case> {
    const intake = await signedIn(app, 'intake');
    const registered = await intake.send<{ petition: { number: string } }>('POST', '/api/petitions', input);
    expect(registered.status).to.equal(201);
    const number = registered.body.petition.number;
    type Task = { key: string; elementId: string; petition: { number: string } | null };
    const taskOf = (client: ApiClient, elementId: string) => () =>
      client
        .send<{ items: Task[] }>('GET', '/api/tasks')
        .then((answer) =>
          answer.body.items.find((t) => t.petition?.number === number && t.elementId === elementId),
        );
    const triageTask = await eventually(taskOf(office, 'triage'));
    const decision = {
      kind: triage.kind,
      procedure: 'normal',
      riskLevel: 'low',
      leadUnit: triage.leadUnit,
    } as const;
    const done = await office.send('POST', `/api/tasks/${triageTask.key}/complete`, {
      variables: { ...decision, line: 'ordinary', coUnits: [] },
    });
    expect(done.status).to.equal(200);
    const stored = (await getPetitionByNumber(app.database.pool, number))!;
    const petition = await applyTriage(
      app.database.pool,
      stored.id,
      { ...decision, coUnits: [] },
      {
        at: new Date(),
        actor: 'office',
      },
    );
    const accept = await eventually(taskOf(lead, 'accept'));
    const { letter } = await issueLetter(app.database.pool, {
      kind: 'supervision',
      petition: {
        id: petition.id,
        number,
        title: petition.title,
        registeredAt: petition.registeredAt,
        categoryName: '住房保障',
        areaName: '城关镇',
      },
      stage: 'accept',
      unit: { code: triage.leadUnit, name: triage.unitName },
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
      issuedAt: Date.now(),
      replyWithinDays: 5,
      idempotencyKey: `scoping:${number}`,
    });
    const masked = `${input.petitioner.idNumber.slice(0, 6)}********${input.petitioner.idNumber.slice(-4)}`;
    return {
      number,
      petition,
      secrets: [
        input.title,
        input.petitioner.name,
        input.petitioner.idNumber,
        masked,
        input.petitioner.phone,
      ],
      taskKey: accept.key,
      letterId: String(letter.id),
    };
  }

  before(async () => {
    app = await startAppUnderTest();
    const zeebe = app.camunda.getZeebeGrpcApiClient();
    // Stand-ins for the routing and deadline workers, so the cases reach their units' tasks.
    zeebe.createWorker({
      taskType: 'route-petition',
      taskHandler: (job) => job.complete({ leadUnit: 'housing-construction', coUnits: [], line: 'ordinary' }),
      pollInterval: 100,
    });
    zeebe.createWorker({
      taskType: 'compute-deadlines',
      taskHandler: (job) =>
        job.complete({
          acceptDue: '2099-01-05T09:00:00.000Z',
          acceptRemindAt: '2099-01-04T09:00:00.000Z',
          acceptAccountAt: '2099-01-10T09:00:00.000Z',
        }),
      pollInterval: 100,
    });
    await createUser(
      app.database.pool,
      { username: 'admin', displayName: '系统管理员', password: PASSWORD, roles: ['admin'], unitCode: null },
      new Date(),
    );
    await createUser(
      app.database.pool,
      {
        username: 'education-head',
        displayName: '教育局负责人',
        password: PASSWORD,
        roles: ['unit_head'],
        unitCode: 'education',
      },
      new Date(),
    );
    const office = await signedIn(app, 'office');
    scene.app = app;
    scene.housing = await signedIn(app, 'housing');
    scene.education = await signedIn(app, 'education');
    scene.educationHead = await signedIn(app, 'education-head');
    scene.housingHead = await signedIn(app, 'housing-head');
    scene.discipline = await signedIn(app, 'discipline');

    const petitionerA = {
      name: '赵甲乙',
      idNumber: idNumber('1966-06-16', 901),
      phone: '13712345678',
      address: '城关镇幸福路 9 号',
    };
    const petition = await caseLedBy(
      office,
      scene.housing,
      petitionInput({ petitioner: petitionerA, title: '幸福小区楼顶漏水三年无人维修', firstTime: false }),
      { kind: 'appeal', leadUnit: 'housing-construction', unitName: '县住房和城乡建设局' },
    );
    scene.petition = { ...petition, petitioner: petitionerA };
    scene.accusation = await caseLedBy(
      office,
      scene.discipline,
      petitionInput({
        petitioner: {
          name: '钱丙丁',
          idNumber: idNumber('1977-07-17', 902),
          phone: '13887654321',
          address: '城关镇和平路 7 号',
        },
        title: '举报住建局某股长收受开发商好处',
        content: '住建局某股长在幸福小区验收中收受开发商财物，请求纪委调查。',
        category: 'accusation',
        firstTime: false,
      }),
      { kind: 'accusation', leadUnit: 'discipline', unitName: '县纪委监委' },
    );
  });
  after(() => app.close());

  it('lets the lead units see their own cases (so the refusals below mean something)', async () => {
    const own = await scene.housing.send('GET', `/api/petitions/${scene.petition.number}`);
    expect(own.status).to.equal(200);
    expect(text(own)).to.contain(scene.petition.secrets[0]);
    const tasks = await scene.housing.send('GET', '/api/tasks');
    expect(text(tasks)).to.contain(scene.petition.taskKey);
    const accusation = await scene.discipline.send('GET', `/api/petitions/${scene.accusation.number}`);
    expect(accusation.status).to.equal(200);
    expect(text(await scene.discipline.send('GET', `/api/tasks/${scene.accusation.taskKey}`))).to.contain(
      scene.accusation.number,
    );
    expect(text(await scene.housing.send('GET', '/api/letters'))).to.contain(scene.petition.number);
  });

  it('has an entry for every operation, and none for operations that are gone', () => {
    const operations = API_OPERATIONS.map((operation) => `${operation.method} ${operation.path}`);
    expect(
      operations.filter((key) => !(key in SCOPING)),
      'operations without a scoping entry',
    ).to.deep.equal([]);
    expect(
      Object.keys(SCOPING).filter((key) => !operations.includes(key)),
      'entries of no operation',
    ).to.deep.equal([]);
  });

  for (const operation of API_OPERATIONS) {
    const key = `${operation.method} ${operation.path}`;
    const check = SCOPING[key];
    if (check === undefined || check === NO_CASE_DATA) continue;
    it(`${key}: another unit, and the accused unit, get nothing`, () => check(scene));
  }
});
