// Registering and reading petitions through the API, against the real engine with the petition
// model of bpmn/: the process starts, repeats reach the open case, invalid input stores nothing,
// and units see only their own cases.
import { expect } from 'chai';
import { SEARCH_NOW } from '../../src/app/engine/rest.js';
import { applyTriage, getPetitionByNumber } from '../../src/domain/petitions/index.js';
import {
  branded,
  idNumber,
  petitionInput,
  signedIn,
  startAppUnderTest,
  type ApiClient,
  type AppUnderTest,
} from './support.js';

interface Registered {
  petition: { number: string; stage: string; processInstanceKey: string | null; repeatCount: number };
  processStart: string;
}

async function count(app: AppUnderTest, table: string): Promise<number> {
  const result = await app.database.pool.query<{ n: string }>(`SELECT count(*) AS n FROM app.${table}`);
  return Number(result.rows[0]!.n);
}

describe('API petitions', function () {
  this.timeout(30_000);
  let app: AppUnderTest;
  let intake: ApiClient;

  before(async () => {
    app = await startAppUnderTest();
    intake = await signedIn(app, 'intake');
  });
  after(() => app.close());

  it('registers a petition, starts its process with the documented variables, and shows it', async () => {
    const answer = await intake.send<Registered>(
      'POST',
      '/api/petitions',
      petitionInput({ skipLevel: true }),
    );

    expect(answer.status).to.equal(201);
    expect(answer.body.processStart).to.equal('started');
    const { number, processInstanceKey } = answer.body.petition;
    expect(number).to.match(/^XF-\d{4}-\d{6}$/);
    expect(processInstanceKey).to.match(/^\d+$/);
    expect(answer.headers.get('location')).to.equal(`/api/petitions/${number}`);

    const rest = app.camunda.getOrchestrationClusterApiClientLoose();
    const instances = await rest.searchProcessInstances(
      {
        filter: {
          processDefinitionId: 'petition',
          variables: [{ name: 'petitionId', value: JSON.stringify(number) }],
        },
      },
      SEARCH_NOW,
    );
    expect(instances.items.map((i) => String(i.processInstanceKey))).to.deep.equal([processInstanceKey]);
    const variables = await rest.searchVariables(
      {
        filter: { processInstanceKey: branded(processInstanceKey!), scopeKey: branded(processInstanceKey!) },
        truncateValues: false,
      },
      SEARCH_NOW,
    );
    const values = Object.fromEntries(variables.items.map((v) => [v.name, JSON.parse(v.value) as unknown]));
    expect(values).to.include({
      petitionId: number,
      title: '小区楼顶漏水多年无人维修',
      category: 'housing-security',
      area: 'chengguan',
      channel: 'visit',
      firstTime: true,
      skipLevel: true,
      repeatCount: 0,
    });
    expect(Date.parse(values.registeredAt as string)).to.be.a('number').and.not.NaN;

    const office = await signedIn(app, 'office');
    const shown = await office.send('GET', `/api/petitions/${number}`);
    expect(shown.status).to.equal(200);
    expect(shown.body).to.deep.include({
      number,
      stage: 'registered',
      category: { code: 'housing-security', name: '住房保障' },
      area: { code: 'chengguan', name: '城关镇' },
      processInstanceKey,
      leadUnit: null,
      coUnits: [],
      deadlines: { accept: null, handle: null },
      letters: [],
      registeredBy: 'intake',
    });
    expect(shown.body.petitioner).to.deep.equal({
      name: '张三',
      idNumberMasked: `${idNumber('1970-03-01', 11).slice(0, 6)}********${idNumber('1970-03-01', 11).slice(-4)}`,
      phoneMasked: '138****8000',
    });
    const kinds = (shown.body.timeline as { kind: string; actor: string }[]).map((e) => [e.kind, e.actor]);
    expect(kinds).to.deep.include.members([
      ['registered', 'intake'],
      ['process-started', 'intake'],
    ]);
  });

  it('names every bad field and stores nothing', async () => {
    const before = { petitions: await count(app, 'petitions'), petitioners: await count(app, 'petitioners') };

    const answer = await intake.send('POST', '/api/petitions', {
      channel: 'fax',
      petitioner: { name: '', idNumber: '110101199003070000', phone: '12345' },
      title: '   ',
      category: 'no-such-category',
      area: 'atlantis',
      firstTime: 'yes',
      colour: 'red',
    });

    expect(answer.status).to.equal(400);
    expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(answer.body).to.include({
      type: 'urn:xinfang-flow:problem:invalid-input',
      title: '提交的内容有误',
      status: 400,
    });
    const errors = answer.body.errors as { field: string; message: string }[];
    expect(Object.fromEntries(errors.map((e) => [e.field, e.message]))).to.deep.equal({
      colour: '不认识的字段：colour',
      channel: '信访渠道的取值无效，应为：letter、visit、online、phone、leader_reception',
      'petitioner.name': '请填写信访人姓名',
      'petitioner.idNumber': '身份证号码校验位不正确，请核对',
      'petitioner.phone': '电话号码无效：应为 11 位手机号码，或带区号的固定电话',
      title: '请填写标题',
      content: '请填写信访内容',
      firstTime: '初信初访的格式不正确',
      category: '未知的信访事项类别：no-such-category',
      area: '未知的属地（乡镇/街道）：atlantis',
    });
    expect(await count(app, 'petitions')).to.equal(before.petitions);
    expect(await count(app, 'petitioners')).to.equal(before.petitioners);
  });

  it('names a malformed ID number, a missing phone and an unknown area on their own', async () => {
    const answer = await intake.send(
      'POST',
      '/api/petitions',
      petitionInput({ petitioner: { name: '李四', idNumber: '12345' }, area: 'nowhere' }),
    );

    expect(answer.status).to.equal(400);
    expect(answer.body.errors).to.deep.equal([
      { field: 'petitioner.idNumber', message: '身份证号码应为 18 位（最后一位可以是 X）' },
      { field: 'petitioner.phone', message: '请填写联系电话' },
      { field: 'area', message: '未知的属地（乡镇/街道）：nowhere' },
    ]);
  });

  it('links a repeat to the open case and tells its process', async () => {
    const input = petitionInput({
      petitioner: { name: '王五', idNumber: idNumber('1965-07-20', 21), phone: '0371-6234 5678' },
      title: '拖欠工资三个月未发放',
      content: '我在某建筑工地打工，老板拖欠工资三个月，多次讨要未果。',
      category: 'labor-social-security',
    });
    const first = await intake.send<Registered>('POST', '/api/petitions', input);
    expect(first.status).to.equal(201);

    const repeat = await intake.send('POST', '/api/petitions', {
      ...input,
      channel: 'phone',
      title: '拖欠工资三个月仍未发放',
    });

    expect(repeat.status).to.equal(200);
    expect(repeat.body.repeatOf).to.deep.equal({ number: first.body.petition.number, repeatCount: 1 });
    expect(repeat.body.messagePublished).to.equal(true);
    expect(repeat.body.petition).to.include({ stage: 'closed', processInstanceKey: null });
    const open = await getPetitionByNumber(app.database.pool, first.body.petition.number);
    expect(open).to.include({ repeatCount: 1, riskLevel: 'medium' });

    const rest = app.camunda.getOrchestrationClusterApiClientLoose();
    const elements = await rest.searchElementInstances(
      {
        filter: {
          processInstanceKey: branded(first.body.petition.processInstanceKey!),
          elementId: branded('repeat-received'),
        },
      },
      SEARCH_NOW,
    );
    expect(elements.items ?? []).to.have.length(1);
    const message = await app.database.pool.query<{ variables: unknown; published_at: Date | null }>(
      "SELECT variables, published_at FROM app.engine_messages WHERE name = 'petition-repeated'",
    );
    expect(message.rows).to.have.length(1);
    expect(message.rows[0]!.variables).to.deep.equal({ repeatCount: 1 });
    expect(message.rows[0]!.published_at).to.be.instanceOf(Date);
  });

  it('keeps the repeat message when the process dies right after the registration commits', async () => {
    const input = petitionInput({
      petitioner: { name: '孙七', idNumber: idNumber('1972-03-14', 41), phone: '13700137000' },
      title: '村道塌陷无人修复',
      content: '我村村道去年雨季塌陷，至今无人修复，车辆无法通行。',
      category: 'transport',
    });
    const first = await intake.send<Registered>('POST', '/api/petitions', input);
    expect(first.status).to.equal(201);

    // The process "dies" after the commit: the attempt to deliver the message never happens.
    const dispatcher = app.api.dispatcher;
    const publish = dispatcher.publish.bind(dispatcher);
    dispatcher.publish = () => Promise.reject(new Error('process killed'));
    let repeat;
    try {
      repeat = await intake.send('POST', '/api/petitions', { ...input, title: '村道塌陷仍无人修复' });
    } finally {
      dispatcher.publish = publish;
    }
    expect(repeat.status).to.equal(500);

    const queued = await app.database.pool.query<{ correlation_key: string; published_at: Date | null }>(
      `SELECT correlation_key, published_at FROM app.engine_messages
        WHERE name = 'petition-repeated' AND correlation_key = $1`,
      [first.body.petition.number],
    );
    expect(queued.rows).to.deep.equal([{ correlation_key: first.body.petition.number, published_at: null }]);
    // The dispatcher's next round delivers it.
    expect((await dispatcher.runOnce()).published).to.equal(1);
  });

  describe('unit scoping', () => {
    let number: string;
    let accusation: string;

    before(async () => {
      const registered = await intake.send<Registered>(
        'POST',
        '/api/petitions',
        petitionInput({
          petitioner: { name: '赵六', idNumber: idNumber('1980-01-02', 31), phone: '13900139000' },
          title: '安置房漏雨',
        }),
      );
      number = registered.body.petition.number;
      const petition = (await getPetitionByNumber(app.database.pool, number))!;
      await applyTriage(
        app.database.pool,
        petition.id,
        {
          kind: 'appeal',
          procedure: 'normal',
          riskLevel: 'low',
          leadUnit: 'housing-construction',
          coUnits: ['natural-resources'],
        },
        { at: new Date(), actor: 'office' },
      );

      const reported = await intake.send<Registered>(
        'POST',
        '/api/petitions',
        petitionInput({
          petitioner: { name: '钱七', idNumber: idNumber('1975-05-05', 41), phone: '13700137000' },
          title: '举报住建局某干部收受好处',
          category: 'accusation',
        }),
      );
      accusation = reported.body.petition.number;
      const accused = (await getPetitionByNumber(app.database.pool, accusation))!;
      await applyTriage(
        app.database.pool,
        accused.id,
        { kind: 'accusation', procedure: 'normal', riskLevel: 'high', leadUnit: 'discipline', coUnits: [] },
        { at: new Date(), actor: 'office' },
      );
    });

    it('shows a unit the petitions it leads, with unit names', async () => {
      const housing = await signedIn(app, 'housing');

      const answer = await housing.send('GET', `/api/petitions/${number}`);

      expect(answer.status).to.equal(200);
      expect(answer.body.leadUnit).to.deep.equal({
        code: 'housing-construction',
        name: '县住房和城乡建设局',
      });
      expect(answer.body.coUnits).to.deep.equal([{ code: 'natural-resources', name: '县自然资源局' }]);
    });

    it("answers 404 to a unit for another unit's petition, and for one that does not exist", async () => {
      const education = await signedIn(app, 'education');

      const other = await education.send('GET', `/api/petitions/${number}`);
      const missing = await education.send('GET', '/api/petitions/XF-1999-999999');

      expect(other.status).to.equal(404);
      expect(missing.status).to.equal(404);
      expect(other.body.detail).to.equal(`没有编号为 ${number} 的信访事项，或您无权查看。`);
    });

    it('answers 403 to a role that sees no petitions', async () => {
      const designer = await signedIn(app, 'designer');

      const answer = await designer.send('GET', `/api/petitions/${number}`);

      expect(answer.status).to.equal(403);
    });

    it('shows an accusation to the discipline unit and to no other unit', async () => {
      const housing = await signedIn(app, 'housing');
      const discipline = await signedIn(app, 'discipline');

      expect((await housing.send('GET', `/api/petitions/${accusation}`)).status).to.equal(404);
      const shown = await discipline.send('GET', `/api/petitions/${accusation}`);
      expect(shown.status).to.equal(200);
      expect(shown.body).to.include({ kind: 'accusation' });
    });
  });
});
