// The task list and task completion against the real engine with the petition model of bpmn/ and
// its forms. The routing and deadline jobs are answered by small stand-in handlers so the model
// reaches its user tasks; the app sees the tasks only through the Camunda REST API.
import { expect } from 'chai';
import { SEARCH_NOW } from '../../src/app/engine/rest.js';
import { getPetitionByNumber, listTimeline } from '../../src/domain/petitions/index.js';
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
  name: string | null;
  elementId: string;
  formId: string | null;
  dueDate: string | null;
  candidateGroups: string[];
  assignee?: string | null;
  petition: { number: string; title: string } | null;
  leadUnit?: { code: string; name: string } | null;
}

const ACCEPT_DUE = '2099-01-05T09:00:00.000Z';
/** Acceptance deadlines the deadline stand-in gives, by petition number (ACCEPT_DUE otherwise). */
const acceptDues = new Map<string, string>();

type ZeebeGrpcClient = ReturnType<AppUnderTest['camunda']['getZeebeGrpcApiClient']>;

/** Polls until `check` returns something (an engine event), or fails after `timeoutMs`. */
async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('API tasks', function () {
  this.timeout(30_000);
  let app: AppUnderTest;
  let zeebe: ZeebeGrpcClient;
  let office: ApiClient;
  let housing: ApiClient;
  let number: string;
  let triage: Task;

  async function tasksOf(client: ApiClient): Promise<Task[]> {
    const answer = await client.send<{ items: Task[] }>('GET', '/api/tasks?size=100');
    expect(answer.status).to.equal(200);
    return answer.body.items;
  }

  const taskFor = (client: ApiClient, elementId: string) => () =>
    tasksOf(client).then((tasks) =>
      tasks.find((t) => t.petition?.number === number && t.elementId === elementId),
    );

  before(async () => {
    app = await startAppUnderTest();
    zeebe = app.camunda.getZeebeGrpcApiClient();
    // Stand-ins for the routing and deadline workers: fixed answers, so the tests do not depend on them.
    zeebe.createWorker({
      taskType: 'route-petition',
      taskHandler: (job) => job.complete({ leadUnit: 'housing-construction', coUnits: [], line: 'ordinary' }),
      pollInterval: 100,
    });
    zeebe.createWorker({
      taskType: 'compute-deadlines',
      taskHandler: (job) =>
        job.complete({
          acceptDue: acceptDues.get(job.variables.petitionId as string) ?? ACCEPT_DUE,
          acceptRemindAt: '2099-01-04T09:00:00.000Z',
          acceptAccountAt: '2099-01-10T09:00:00.000Z',
        }),
      pollInterval: 100,
    });
    office = await signedIn(app, 'office');
    housing = await signedIn(app, 'housing');
    const intake = await signedIn(app, 'intake');
    const registered = await intake.send<{ petition: { number: string } }>(
      'POST',
      '/api/petitions',
      petitionInput({
        petitioner: { name: '孙八', idNumber: idNumber('1990-09-09', 51), phone: '13600136000' },
        firstTime: false,
      }),
    );
    number = registered.body.petition.number;
    triage = await eventually(taskFor(office, 'triage'));
  });
  after(() => app.close());

  it("lists the triage task for the office, with the petition's number and title and the form", () => {
    expect(triage).to.deep.include({
      name: '分办',
      elementId: 'triage',
      formId: 'petition-triage',
      candidateGroups: ['office'],
      petition: { number, title: '小区楼顶漏水多年无人维修' },
    });
  });

  it('opens the triage form with the active units to choose the lead unit from, by name', async () => {
    const answer = await office.send<{ variables: { leadUnit: string; unitOptions: unknown[] } }>(
      'GET',
      `/api/tasks/${triage.key}`,
    );

    expect(answer.status).to.equal(200);
    expect(answer.body.variables.leadUnit).to.equal('housing-construction');
    expect(answer.body.variables.unitOptions).to.deep.include({
      label: '县住房和城乡建设局',
      value: 'housing-construction',
    });
    expect(answer.body.variables.unitOptions).to.deep.include({ label: '县教育局', value: 'education' });
    expect(answer.body.variables).to.include.keys('channelOptions', 'categoryOptions', 'areaOptions');
  });

  it('refuses a lead unit that is not an active unit, naming the field', async () => {
    const answer = await office.send('POST', `/api/tasks/${triage.key}/complete`, {
      variables: {
        kind: 'appeal',
        line: 'ordinary',
        leadUnit: 'no-such-unit',
        coUnits: [],
        procedure: 'normal',
        riskLevel: 'low',
      },
    });

    expect(answer.status).to.equal(400);
    const errors = answer.body.errors as { field: string; message: string }[];
    expect(errors.map((e) => e.field)).to.deep.equal(['variables.leadUnit']);
    expect(errors[0]!.message).to.contain('主办单位').and.to.contain('no-such-unit');
  });

  it('does not list it for a unit', async () => {
    expect((await tasksOf(housing)).map((t) => t.key)).not.to.include(triage.key);
  });

  it('refuses the task to a user outside its candidate groups', async () => {
    const answer = await housing.send('POST', `/api/tasks/${triage.key}/complete`, { variables: {} });

    expect(answer.status).to.equal(403);
  });

  it('names each field that does not fit the form, and completes nothing', async () => {
    const answer = await office.send('POST', `/api/tasks/${triage.key}/complete`, {
      variables: { kind: 'complaint', line: 'ordinary', procedure: 'normal', leadUnit: '', extra: 1 },
    });

    expect(answer.status).to.equal(400);
    expect(answer.body.type).to.equal('urn:xinfang-flow:problem:invalid-input');
    const fields = (answer.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).to.have.members([
      'variables.extra',
      'variables.kind',
      'variables.leadUnit',
      'variables.riskLevel',
    ]);
    const task = await app.api.engine.getUserTask({ userTaskKey: triage.key }, SEARCH_NOW);
    expect(task.state).to.equal('CREATED');
  });

  it('completes the task, records who did it, and the unit gets the next task', async () => {
    const answer = await office.send('POST', `/api/tasks/${triage.key}/complete`, {
      variables: {
        kind: 'appeal',
        line: 'ordinary',
        leadUnit: 'housing-construction',
        coUnits: [],
        procedure: 'normal',
        riskLevel: 'low',
        triageOpinion: '请住建局依法处理。',
      },
    });

    expect(answer.status).to.equal(200);
    expect(answer.body).to.deep.equal({
      task: { key: triage.key, name: '分办', elementId: 'triage' },
      petition: { number },
    });
    const petition = (await getPetitionByNumber(app.database.pool, number))!;
    const entry = (await listTimeline(app.database.pool, petition.id)).find(
      (e) => e.kind === 'task-completed',
    );
    expect(entry).to.deep.include({ actor: 'office' });
    expect(entry!.detail).to.deep.include({ task: '分办', elementId: 'triage', userTaskKey: triage.key });
    expect(entry!.detail.decisions).to.deep.equal({
      kind: 'appeal',
      line: 'ordinary',
      leadUnit: 'housing-construction',
      procedure: 'normal',
      riskLevel: 'low',
      coUnits: [],
    });
    expect((await tasksOf(office)).map((t) => t.key)).not.to.include(triage.key);

    const accept = await eventually(taskFor(housing, 'accept'));
    expect(accept).to.deep.include({
      name: '受理',
      formId: 'petition-acceptance',
      dueDate: ACCEPT_DUE,
      candidateGroups: ['unit:housing-construction'],
    });
    const head = await signedIn(app, 'housing-head');
    expect((await tasksOf(head)).map((t) => t.key)).to.include(accept.key);
    const education = await signedIn(app, 'education');
    expect((await tasksOf(education)).map((t) => t.key)).not.to.include(accept.key);
  });

  it('answers 409 when the task was already completed', async () => {
    const answer = await office.send('POST', `/api/tasks/${triage.key}/complete`, {
      variables: { kind: 'appeal', line: 'ordinary', leadUnit: 'x', procedure: 'normal', riskLevel: 'low' },
    });

    expect(answer.status).to.equal(409);
    expect(answer.body).to.include({ type: 'urn:xinfang-flow:problem:task-not-open', title: '任务已办理' });
  });

  it('answers 404 for a task that does not exist', async () => {
    expect(
      (await office.send('POST', '/api/tasks/2251799813999999/complete', { variables: {} })).status,
    ).to.equal(404);
    expect((await office.send('POST', '/api/tasks/not-a-key/complete', { variables: {} })).status).to.equal(
      404,
    );
  });

  it('lists tasks soonest due first, across the groups of the user', async () => {
    const intake = await signedIn(app, 'intake');
    const register = async (name: string, sequence: number, firstTime: boolean) => {
      const answer = await intake.send<{ petition: { number: string } }>(
        'POST',
        '/api/petitions',
        petitionInput({
          petitioner: { name, idNumber: idNumber('1988-08-08', sequence), phone: '13500135000' },
          title: `${name}反映的楼顶漏水问题`,
          firstTime,
        }),
      );
      return answer.body.petition.number;
    };
    const triageFor = async (petitionNumber: string, leadUnit: string) => {
      const task = await eventually(() =>
        tasksOf(office).then((tasks) =>
          tasks.find((t) => t.petition?.number === petitionNumber && t.elementId === 'triage'),
        ),
      );
      const done = await office.send('POST', `/api/tasks/${task.key}/complete`, {
        variables: { kind: 'appeal', line: 'ordinary', leadUnit, procedure: 'normal', riskLevel: 'low' },
      });
      expect(done.status).to.equal(200);
    };
    // Given a second housing petition due before the first, and a first-time petition led by the
    // discipline unit (its discipline check is due long before its acceptance).
    const sooner = await register('周九', 61, false);
    acceptDues.set(sooner, '2098-06-01T09:00:00.000Z');
    const firstTime = await register('吴十', 71, true);
    await triageFor(sooner, 'housing-construction');
    await triageFor(firstTime, 'discipline');

    const housingTasks = await eventually(() =>
      tasksOf(housing).then((tasks) =>
        tasks.filter((t) => t.elementId === 'accept').length >= 2 ? tasks : undefined,
      ),
    );
    expect(housingTasks.map((t) => t.petition?.number)).to.deep.equal([sooner, number]);

    const discipline = await signedIn(app, 'discipline');
    const disciplineTasks = await eventually(() =>
      tasksOf(discipline).then((tasks) => (tasks.length >= 2 ? tasks : undefined)),
    );
    expect(disciplineTasks.map((t) => [t.elementId, t.petition?.number])).to.deep.equal([
      ['discipline-check', firstTime],
      ['accept', firstTime],
    ]);
    expect(disciplineTasks[1]!.dueDate).to.equal(ACCEPT_DUE);
  });
  describe('scopes, urgency, task detail, claim and release', () => {
    /** Monday 2 November 2026, 09:00 in Asia/Shanghai: a working day between two working weeks. */
    const NOW = Date.parse('2026-11-02T01:00:00.000Z');
    let head: ApiClient;
    let education: ApiClient;
    const keys = { overdue: '', nearDue: '', normal: '' };
    const numbers = { overdue: '', nearDue: '', normal: '' };

    async function tasksWith(client: ApiClient, query: string): Promise<Task[]> {
      const answer = await client.send<{ items: Task[] }>('GET', `/api/tasks${query}`);
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      return answer.body.items;
    }

    before(async () => {
      await app.api.engine.pinClock({ timestamp: NOW });
      head = await signedIn(app, 'housing-head');
      education = await signedIn(app, 'education');
      const intake = await signedIn(app, 'intake');
      const dues = {
        overdue: '2026-10-30T09:00:00.000Z', // the Friday before: past
        nearDue: '2026-11-03T09:00:00.000Z', // tomorrow: 1 working day left
        normal: '2026-11-20T09:00:00.000Z', // three weeks on
      };
      let sequence = 80;
      for (const which of ['normal', 'nearDue', 'overdue'] as const) {
        const answer = await intake.send<{ petition: { number: string } }>(
          'POST',
          '/api/petitions',
          petitionInput({
            petitioner: {
              name: `郑${which}`,
              idNumber: idNumber('1975-05-05', sequence++),
              phone: '13700137000',
            },
            title: `关于${which === 'nearDue' ? '路灯损坏' : which === 'overdue' ? '下水道堵塞' : '噪音扰民'}的反映`,
            firstTime: false,
          }),
        );
        expect(answer.status).to.equal(201);
        const petitionNumber = answer.body.petition.number;
        numbers[which] = petitionNumber;
        acceptDues.set(petitionNumber, dues[which]);
        const triageTask = await eventually(() =>
          tasksOf(office).then((tasks) =>
            tasks.find((t) => t.petition?.number === petitionNumber && t.elementId === 'triage'),
          ),
        );
        const done = await office.send('POST', `/api/tasks/${triageTask.key}/complete`, {
          variables: {
            kind: 'appeal',
            line: 'ordinary',
            leadUnit: 'housing-construction',
            procedure: 'normal',
            riskLevel: 'low',
          },
        });
        expect(done.status).to.equal(200);
        const accept = await eventually(() =>
          tasksOf(housing).then((tasks) =>
            tasks.find((t) => t.petition?.number === petitionNumber && t.elementId === 'accept'),
          ),
        );
        keys[which] = accept.key;
      }
    });

    it('orders by due date and marks overdue and near-due tasks with the working days left', async () => {
      const tasks = (await tasksWith(housing, '')).filter((t) => t.elementId === 'accept');
      expect(tasks.map((t) => t.key).slice(0, 3)).to.deep.equal([keys.overdue, keys.nearDue, keys.normal]);
      const [overdue, nearDue, normal] = tasks as (Task & {
        urgency: string;
        workingDaysLeft: number | null;
      })[];
      expect([overdue!.urgency, nearDue!.urgency, normal!.urgency]).to.deep.equal([
        'overdue',
        'near_due',
        'normal',
      ]);
      expect(overdue!.workingDaysLeft).to.equal(-1);
      expect(nearDue!.workingDaysLeft).to.equal(1);
      expect(normal!.workingDaysLeft).to.be.above(2);
      // Beyond the published holiday schedule there is no count, and such a task is not urgent.
      const far = tasks.find((t) => t.petition?.number === number) as Task & {
        urgency: string;
        workingDaysLeft: unknown;
      };
      expect(far).to.deep.include({ urgency: 'normal', workingDaysLeft: null });
      expect(overdue).to.deep.include({
        channel: 'visit',
        leadUnit: { code: 'housing-construction', name: overdue!.leadUnit?.name },
      });
      expect(overdue!.leadUnit?.name).to.be.a('string').and.not.equal('');
    });

    it('filters by urgency, text and stage', async () => {
      expect((await tasksWith(housing, '?overdue=true')).map((t) => t.key)).to.deep.equal([keys.overdue]);
      expect((await tasksWith(housing, '?nearDue=true')).map((t) => t.key)).to.deep.equal([keys.nearDue]);
      expect((await tasksWith(housing, '?overdue=true&nearDue=true')).map((t) => t.key)).to.deep.equal([
        keys.overdue,
        keys.nearDue,
      ]);
      expect((await tasksWith(housing, `?q=${encodeURIComponent('路灯')}`)).map((t) => t.key)).to.deep.equal([
        keys.nearDue,
      ]);
      expect((await tasksWith(housing, `?q=${numbers.normal}`)).map((t) => t.key)).to.deep.equal([
        keys.normal,
      ]);
      const stage = (await office.send<{ stage: string }>('GET', `/api/petitions/${numbers.normal}`)).body
        .stage;
      expect((await tasksWith(housing, `?stage=${stage}`)).map((t) => t.key)).to.include(keys.normal);
      const other = stage === 'closed' ? 'rejected' : 'closed';
      expect(await tasksWith(housing, `?stage=${other}`)).to.deep.equal([]);
    });

    it('names a bad query parameter and lists nothing', async () => {
      const answer = await housing.send<{ errors: { field: string }[] }>(
        'GET',
        '/api/tasks?scope=everything',
      );
      expect(answer.status).to.equal(400);
      expect(answer.body.errors.map((e) => e.field)).to.deep.equal(['scope']);
    });

    it('opens a task with its form, the form data and the petition, and hides it from other units', async () => {
      const answer = await housing.send<{
        task: { key: string; formId: string; urgency: string };
        form: { id: string; components: unknown[] };
        variables: Record<string, unknown>;
        petition: { number: string };
        actions: Record<string, boolean>;
      }>('GET', `/api/tasks/${keys.nearDue}`);
      expect(answer.status).to.equal(200);
      expect(answer.body.task).to.deep.include({
        key: keys.nearDue,
        formId: 'petition-acceptance',
        urgency: 'near_due',
      });
      expect(answer.body.form.id).to.equal('petition-acceptance');
      expect(answer.body.form.components).to.be.an('array').that.is.not.empty;
      expect(answer.body.petition).to.deep.equal({ number: numbers.nearDue, title: '关于路灯损坏的反映' });
      // The form shows the number, title and deadline; other case variables stay in the engine.
      expect(answer.body.variables).to.deep.include({
        petitionId: numbers.nearDue,
        title: '关于路灯损坏的反映',
        acceptDue: '2026-11-03T09:00:00.000Z',
      });
      expect(answer.body.variables).not.to.have.any.keys('area', 'category', 'leadUnit', 'unitOptions');
      expect(answer.body.actions).to.deep.equal({ complete: true, claim: true, release: false });

      expect((await education.send('GET', `/api/tasks/${keys.nearDue}`)).status).to.equal(404);
      expect((await office.send('GET', `/api/tasks/${keys.nearDue}`)).status).to.equal(404);
      expect((await housing.send('GET', '/api/tasks/2251799813999999')).status).to.equal(404);
    });

    it('lets one candidate claim a task; the others see it in the unit list only', async () => {
      const claimed = await housing.send('POST', `/api/tasks/${keys.nearDue}/claim`);
      expect(claimed.status).to.equal(200);
      expect(claimed.body).to.deep.include({
        task: { key: keys.nearDue, name: '受理', elementId: 'accept', assignee: 'housing' },
      });

      expect((await tasksWith(housing, '?scope=mine')).map((t) => t.key)).to.deep.equal([keys.nearDue]);
      expect((await tasksWith(housing, '?scope=claimable')).map((t) => t.key)).not.to.include(keys.nearDue);
      expect((await tasksWith(head, '?scope=all')).map((t) => t.key)).not.to.include(keys.nearDue);
      expect((await tasksWith(head, '?scope=claimable')).map((t) => t.key))
        .to.include(keys.overdue)
        .and.not.include(keys.nearDue);
      const unitList = await tasksWith(head, '?scope=unit');
      expect(unitList.find((t) => t.key === keys.nearDue)).to.deep.include({ assignee: 'housing' });
      expect((await tasksWith(head, '?scope=mine')).map((t) => t.key)).to.deep.equal([]);

      const again = await housing.send('POST', `/api/tasks/${keys.nearDue}/claim`);
      expect(again.status).to.equal(200);
      const taken = await head.send('POST', `/api/tasks/${keys.nearDue}/claim`);
      expect(taken.status).to.equal(409);
      expect(taken.body.detail).to.include('住建局经办人');
      expect((await education.send('POST', `/api/tasks/${keys.nearDue}/claim`)).status).to.equal(404);
      // The holder's colleague may not complete it either.
      const complete = await head.send('POST', `/api/tasks/${keys.nearDue}/complete`, {
        variables: { acceptance: 'accept' },
      });
      expect(complete.status).to.equal(403);

      const petition = (await getPetitionByNumber(app.database.pool, numbers.nearDue))!;
      const claims = (await listTimeline(app.database.pool, petition.id)).filter(
        (e) => e.kind === 'task-claimed',
      );
      expect(claims.map((e) => e.actor)).to.deep.equal(['housing']);
    });

    it('answers one page of a list with its total and the counts of every list under the same filters', async () => {
      type Page = {
        total: number;
        page: number;
        size: number;
        counts: Record<'mine' | 'unit' | 'claimable' | 'all', number>;
        items: Task[];
      };
      const list = async (client: ApiClient, query: string) => {
        const answer = await client.send<Page>('GET', `/api/tasks${query}`);
        expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
        return answer.body;
      };
      // The head of the unit: the task housing holds is on the unit list only.
      const whole = await list(head, '?scope=unit&size=100');
      const all = await list(head, '?size=100');
      expect(whole.counts).to.deep.equal({
        mine: 0,
        unit: whole.items.length,
        claimable: all.items.filter((t) => t.assignee === null).length,
        all: all.items.length,
      });
      expect(whole.counts.unit).to.equal(whole.counts.all + 1);
      expect(whole.total).to.equal(whole.items.length);

      const first = await list(head, '?scope=unit&size=2');
      const second = await list(head, '?scope=unit&size=2&page=2');
      expect([first.page, first.size, first.total]).to.deep.equal([1, 2, whole.total]);
      expect([...first.items, ...second.items].map((t) => t.key)).to.deep.equal(
        whole.items.slice(0, 4).map((t) => t.key),
      );
      expect((await list(head, '?scope=unit&size=2&page=1000')).items).to.deep.equal([]);

      // Filters narrow the counts as they narrow the list.
      const overdue = await list(housing, '?overdue=true');
      expect(overdue.counts).to.deep.include({ all: 1, claimable: 1, mine: 0 });
      expect(overdue.items.map((t) => t.key)).to.deep.equal([keys.overdue]);

      const bad = await housing.send<{ errors: { field: string }[] }>('GET', '/api/tasks?size=0&page=x');
      expect(bad.status).to.equal(400);
      expect(bad.body.errors.map((e) => e.field).sort()).to.deep.equal(['page', 'size']);
    });

    it('lets the holder or the unit head release a task, and nobody else', async () => {
      const byHead = await head.send('POST', `/api/tasks/${keys.nearDue}/release`);
      expect(byHead.status).to.equal(200);
      expect(byHead.body).to.deep.include({
        task: { key: keys.nearDue, name: '受理', elementId: 'accept', assignee: null },
      });
      expect((await tasksWith(housing, '?scope=claimable')).map((t) => t.key)).to.include(keys.nearDue);

      expect((await head.send('POST', `/api/tasks/${keys.nearDue}/claim`)).status).to.equal(200);
      const byHandler = await housing.send('POST', `/api/tasks/${keys.nearDue}/release`);
      expect(byHandler.status).to.equal(403);
      const task = await app.api.engine.getUserTask({ userTaskKey: keys.nearDue }, SEARCH_NOW);
      expect(task.assignee).to.equal('housing-head');

      expect((await head.send('POST', `/api/tasks/${keys.nearDue}/release`)).status).to.equal(200);
      expect(
        (await app.api.engine.getUserTask({ userTaskKey: keys.nearDue }, SEARCH_NOW)).assignee ?? null,
      ).to.equal(null);
    });
  });
});
