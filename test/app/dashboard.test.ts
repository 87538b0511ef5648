// GET /api/dashboard and its Excel export over real HTTP, on a fixture with exact instants whose
// rates are computed by hand below; the unit head's scope; and 零搁置 judged from the engine's
// tables and, as on a Camunda cluster, through the engine's REST API.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { SessionUser } from '../../src/app/auth/sessions.js';
import { buildDashboard, type Dashboard } from '../../src/app/dashboard/dashboard.js';
import { findOrCreatePetitioner } from '../../src/domain/petitioners/index.js';
import { idNumber, signedIn, startAppUnderTest, type AppUnderTest } from './support.js';

// Wednesday 2026-11-18, 10:00 in Shanghai.
const NOW = Date.parse('2026-11-18T02:00:00Z');
const endOf = (day: string) => `${day}T23:59:59.999+08:00`;
const at = (day: string, time = '10:00') => `${day}T${time}:00+08:00`;
const H = 'housing-construction';
const E = 'education';
const KEYS = {
  S1: '4503599627370001',
  S2: '4503599627370002',
  S3: '4503599627370003',
  S5: '4503599627370005',
};

interface Fixture {
  number: string;
  lead: string | null;
  stage: string;
  registered: string;
  channel?: string;
  category?: string;
  coUnits?: string[];
  skipLevel?: boolean;
  repeatCount?: number;
  repeatOf?: string;
  acceptDue?: string;
  /** When the petition left the acceptance stage, and to which stage. */
  decided?: [string, 'handling' | 'rejected'];
  handleDue?: string;
  replied?: string;
  closed?: string;
  /** [stage, rating, at] */
  ratings?: [string, string, string][];
  key?: string;
}

const FIXTURES: Fixture[] = [
  {
    number: 'XF-2026-000201',
    lead: H,
    stage: 'replied',
    registered: at('2026-11-01'),
    acceptDue: endOf('2026-11-05'),
    decided: [at('2026-11-04'), 'handling'],
    handleDue: endOf('2026-11-30'),
    replied: at('2026-11-15'),
    ratings: [['handle', 'satisfied', at('2026-11-16')]],
  },
  {
    number: 'XF-2026-000202',
    lead: H,
    stage: 'closed',
    registered: at('2026-11-01'),
    acceptDue: endOf('2026-11-06'),
    decided: [at('2026-11-09'), 'handling'],
    handleDue: endOf('2026-11-10'),
    replied: at('2026-11-12'),
    closed: at('2026-11-14'),
    ratings: [['handle', 'dissatisfied', at('2026-11-14')]],
  },
  {
    number: 'XF-2026-000203',
    lead: H,
    stage: 'rejected',
    registered: at('2026-11-02'),
    acceptDue: endOf('2026-11-10'),
    decided: [at('2026-11-10'), 'rejected'],
    closed: at('2026-11-10'),
  },
  {
    number: 'XF-2026-000204',
    lead: H,
    stage: 'acceptance',
    registered: at('2026-11-03'),
    acceptDue: endOf('2026-11-12'),
    repeatCount: 1,
  },
  {
    number: 'XF-2026-000205',
    lead: H,
    stage: 'acceptance',
    registered: at('2026-11-11'),
    acceptDue: endOf('2026-11-20'),
  },
  {
    number: 'XF-2026-000208',
    lead: H,
    stage: 'acceptance',
    registered: at('2026-11-12'),
    acceptDue: endOf('2026-11-18'),
  },
  {
    number: 'XF-2026-000206',
    lead: E,
    stage: 'handling',
    registered: at('2026-11-01'),
    channel: 'letter',
    category: 'education',
    skipLevel: true,
    acceptDue: endOf('2026-11-03'),
    decided: [at('2026-11-02'), 'handling'],
    handleDue: endOf('2026-11-16'),
  },
  {
    number: 'XF-2026-000207',
    lead: H,
    stage: 'closed',
    registered: at('2026-10-15'),
    acceptDue: endOf('2026-10-20'),
    decided: [at('2026-10-19'), 'handling'],
    handleDue: endOf('2026-10-28'),
    replied: at('2026-10-30'),
    closed: at('2026-11-02'),
    ratings: [['handle', 'satisfied', at('2026-11-02')]],
  },
  {
    number: 'XF-2026-000211',
    lead: H,
    stage: 'handling',
    registered: at('2026-10-25'),
    acceptDue: endOf('2026-10-30'),
    decided: [at('2026-10-29'), 'handling'],
    handleDue: endOf('2026-11-28'),
  },
  {
    number: 'XF-2026-000212',
    lead: H,
    stage: 'handling',
    registered: at('2026-10-26'),
    acceptDue: endOf('2026-10-31'),
    decided: [at('2026-10-30'), 'handling'],
    handleDue: endOf('2026-11-19'),
  },
  {
    number: 'XF-2026-000221',
    lead: E,
    stage: 'replied',
    registered: at('2026-10-10'),
    category: 'education',
    acceptDue: endOf('2026-10-15'),
    decided: [at('2026-10-14'), 'handling'],
    handleDue: endOf('2026-12-10'),
    replied: at('2026-11-08'),
  },
  {
    number: 'XF-2026-000224',
    lead: H,
    stage: 'closed',
    registered: at('2026-10-12'),
    acceptDue: endOf('2026-10-25'),
    decided: [at('2026-10-24'), 'handling'],
    handleDue: endOf('2026-12-01'),
    replied: at('2026-11-03'),
    closed: at('2026-11-07'),
    ratings: [
      ['handle', 'basically', at('2026-11-05')],
      ['accept', 'dissatisfied', at('2026-11-05')],
      ['handle', 'satisfied', at('2026-11-06')],
    ],
  },
  // A repeat merged into 000204: a registration, not a case.
  {
    number: 'XF-2026-000231',
    lead: null,
    stage: 'closed',
    registered: at('2026-11-10'),
    repeatOf: 'XF-2026-000204',
    closed: at('2026-11-10'),
  },
  // Led by education, co-handled by housing.
  {
    number: 'XF-2026-000241',
    lead: E,
    stage: 'handling',
    registered: at('2026-11-05'),
    category: 'education',
    coUnits: [H],
    acceptDue: endOf('2026-11-08'),
    decided: [at('2026-11-07'), 'handling'],
    handleDue: endOf('2026-12-20'),
  },
  // 零搁置: an open task; a live job; nothing (shelved); waiting for its process start; closed.
  { number: 'XF-2026-000251', lead: H, stage: 'handling', registered: at('2026-09-01'), key: KEYS.S1 },
  { number: 'XF-2026-000252', lead: H, stage: 'handling', registered: at('2026-09-02'), key: KEYS.S2 },
  {
    number: 'XF-2026-000253',
    lead: E,
    stage: 'handling',
    registered: at('2026-09-03'),
    key: KEYS.S3,
    category: 'education',
  },
  { number: 'XF-2026-000254', lead: H, stage: 'registered', registered: at('2026-09-04') },
  {
    number: 'XF-2026-000255',
    lead: H,
    stage: 'closed',
    registered: at('2026-09-05'),
    key: KEYS.S5,
    closed: at('2026-10-01'),
  },
];

async function insertFixtures(app: AppUnderTest): Promise<void> {
  const db = app.database.pool;
  const { petitioner } = await findOrCreatePetitioner(
    db,
    app.dataKey,
    { name: '赵六', idNumber: idNumber('1960-05-05', 41), phone: '13600136000' },
    new Date(NOW),
  );
  const ids = new Map<string, number>();
  for (const f of FIXTURES) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO app.petitions (number, channel, title, content, category_code, area_code, petitioner_id, kind, line,
         stage, lead_unit, co_units, skip_level, repeat_count, repeat_of, process_instance_key, registered_at,
         registered_by, accept_due, handle_due, replied_at, closed_at)
       VALUES ($1, $2, '测试事项', '测试内容', $3, 'chengguan', $4, 'appeal', 'ordinary', $5, $6, $7, $8, $9, $10, $11,
         $12, 'intake', $13, $14, $15, $16)
       RETURNING id`,
      [
        f.number,
        f.channel ?? 'visit',
        f.category ?? 'housing-security',
        petitioner.id,
        f.stage,
        f.lead,
        f.coUnits ?? [],
        f.skipLevel ?? false,
        f.repeatCount ?? 0,
        f.repeatOf === undefined ? null : ids.get(f.repeatOf),
        f.key ?? null,
        f.registered,
        f.acceptDue ?? null,
        f.handleDue ?? null,
        f.replied ?? null,
        f.closed ?? null,
      ],
    );
    const id = Number(rows[0]!.id);
    ids.set(f.number, id);
    const changes: [string, string, string][] = [];
    if (f.decided) changes.push([f.decided[0], 'acceptance', f.decided[1]]);
    if (f.replied) changes.push([f.replied, 'handling', 'replied']);
    // Noise the rates must ignore: an earlier stage change.
    changes.push([f.registered, 'registered', 'acceptance']);
    for (const [when, from, to] of changes) {
      await db.query(
        `INSERT INTO app.timeline (petition_id, at, kind, actor, detail) VALUES ($1, $2, 'stage-changed', 'test', $3)`,
        [id, when, { from, to }],
      );
    }
    for (const [stage, rating, when] of f.ratings ?? []) {
      await db.query(
        `INSERT INTO app.ratings (petition_id, stage, rating, at, by) VALUES ($1, $2, $3, $4, 'test')`,
        [id, stage, rating, when],
      );
    }
  }

  // The engine's side of the started petitions.
  const { rows } = await db.query<{ key: string; version: number }>(
    `SELECT key::text, version FROM engine.process_definitions WHERE bpmn_process_id = 'petition' ORDER BY version DESC LIMIT 1`,
  );
  const definition = rows[0]!;
  for (const key of Object.values(KEYS)) {
    await db.query(
      `INSERT INTO engine.process_instances (key, process_definition_key, bpmn_process_id, version, state, started_at)
       VALUES ($1, $2, 'petition', $3, $4, $5)`,
      [key, definition.key, definition.version, key === KEYS.S5 ? 'COMPLETED' : 'ACTIVE', NOW - 86_400_000],
    );
  }
  await db.query(
    `INSERT INTO engine.user_tasks (key, state, element_instance_key, process_instance_key, process_definition_key,
       bpmn_process_id, process_definition_version, element_id, name, candidate_groups, due_date, created_at)
     VALUES (4503599627371001, 'CREATED', 4503599627372001, $1, $2, 'petition', $3, 'handle', '办理',
       '["unit:housing-construction"]', '2026-12-01T15:59:59.999Z', $4)`,
    [KEYS.S1, definition.key, definition.version, NOW - 3_600_000],
  );
  await db.query(
    `INSERT INTO engine.element_instances (key, process_instance_key, element_id, element_type, state, started_at)
     VALUES (4503599627372002, $1, 'remind-handle', 'serviceTask', 'ACTIVATED', $2)`,
    [KEYS.S2, NOW - 60_000],
  );
  await db.query(
    `INSERT INTO engine.jobs (key, type, state, process_instance_key, element_instance_key, element_id, bpmn_process_id,
       process_definition_key, process_definition_version, retries, activatable_at, created_at)
     VALUES (4503599627373002, 'remind-unit', 'ACTIVATABLE', $1, 4503599627372002, 'remind-handle', 'petition', $2, $3,
       3, $4, $4)`,
    [KEYS.S2, definition.key, definition.version, NOW - 60_000],
  );
}

const ratio = (numerator: number, denominator: number, rate: number | null) => ({
  numerator,
  denominator,
  rate,
});
const NOVEMBER = '?from=2026-11-01&to=2026-11-30';

describe('GET /api/dashboard and its export', function () {
  this.timeout(90_000);
  let app: AppUnderTest;

  before(async () => {
    app = await startAppUnderTest();
    await app.engine.engine.pinClock(NOW);
    await insertFixtures(app);
  });
  after(() => app.close());

  it('computes the four rates per lead unit from the recorded instants', async () => {
    const office = await signedIn(app, 'office');
    const answer = await office.send<Dashboard>('GET', `/api/dashboard${NOVEMBER}`);
    expect(answer.status).to.equal(200);
    const { rates } = answer.body;
    // Acceptance due in November and decided or past due: housing 000201 (in time), 000202 (late),
    // 000203 (not accepted, in time), 000204 (undecided, overdue); education 000206, 000241 (in time).
    // Handling due in November and replied or past due: housing 000201 (in time), 000202 (late);
    // education 000206 (not replied, overdue). Replied in November: housing 000201 (satisfied),
    // 000202 (dissatisfied), 000224 (basically, then satisfied: the latest counts); education 000221 (not rated).
    expect(rates.units.map((unit) => unit.unit?.code)).to.deep.equal([E, H]);
    const [education, housing] = rates.units;
    expect(housing).to.deep.include({
      timelyAcceptance: ratio(2, 4, 0.5),
      onTimeReply: ratio(1, 2, 0.5),
      ratingParticipation: ratio(3, 3, 1),
      satisfaction: ratio(2, 3, 0.6667),
      ratings: { satisfied: 2, basically: 0, dissatisfied: 1 },
    });
    expect(education).to.deep.include({
      timelyAcceptance: ratio(2, 2, 1),
      onTimeReply: ratio(0, 1, 0),
      ratingParticipation: ratio(0, 1, 0),
      satisfaction: ratio(0, 0, null),
    });
    expect(rates.total).to.deep.include({
      unit: null,
      timelyAcceptance: ratio(4, 6, 0.6667),
      onTimeReply: ratio(1, 3, 0.3333),
      ratingParticipation: ratio(3, 4, 0.75),
      satisfaction: ratio(2, 3, 0.6667),
    });
  });

  it('counts stages, deadlines, registrations, trends and hot topics', async () => {
    const office = await signedIn(app, 'office');
    const body = (await office.send<Dashboard>('GET', `/api/dashboard${NOVEMBER}`)).body;
    expect(body.period).to.deep.equal({ from: '2026-11-01', to: '2026-11-30', bucket: 'day' });
    const stages = Object.fromEntries(body.byStage.map((row) => [row.stage, row.count]));
    expect(stages).to.deep.equal({
      registered: 0,
      triage: 0,
      acceptance: 3,
      handling: 2,
      review: 0,
      replied: 1,
      return_visit: 0,
      closed: 1,
      rejected: 1,
    });
    expect(body.deadlines).to.deep.equal({
      accept: { nearDue: 1, dueToday: 1, overdue: 1 },
      handle: { nearDue: 1, dueToday: 0, overdue: 1 },
      total: { nearDue: 2, dueToday: 1, overdue: 2 },
    });
    expect(body.registrations).to.deep.equal({ total: 9, repeats: 1, repeatedCases: 1, skipLevel: 1 });
    expect(body.trends.periods).to.have.length(30);
    const day = (date: string) => body.trends.periods.indexOf(date);
    expect(body.trends.total[day('2026-11-01')]).to.equal(3);
    expect(body.trends.total[day('2026-11-10')]).to.equal(1);
    expect(body.trends.total.reduce((a, b) => a + b, 0)).to.equal(9);
    const letter = body.trends.channel.find((series) => series.code === 'letter')!;
    expect(letter).to.deep.include({ name: '来信', total: 1 });
    expect(letter.counts[day('2026-11-01')]).to.equal(1);
    expect(body.trends.area).to.have.length(1);
    expect(body.hotTopics).to.deep.equal([
      { code: 'housing-security', name: '住房保障', count: 7, share: 0.7778 },
      { code: 'education', name: '教育', count: 2, share: 0.2222 },
    ]);
  });

  it('finds open petitions nobody holds, from the engine tables and through the engine API alike', async () => {
    const office = await signedIn(app, 'office');
    const body = (await office.send<Dashboard>('GET', `/api/dashboard${NOVEMBER}`)).body;
    expect(body.zeroShelving).to.deep.equal({ count: 1, numbers: ['XF-2026-000253'], source: 'database' });

    const user: SessionUser = {
      id: 0,
      username: 'office',
      displayName: '信访局经办',
      roles: ['office'],
      unitCode: 'petition-office',
      unitKind: 'office',
    };
    const viaApi = await buildDashboard(app.api, { from: '2026-11-01', to: '2026-11-30' }, user, {
      shelving: 'engine-api',
    });
    expect(viaApi.zeroShelving).to.deep.equal({
      count: 1,
      numbers: ['XF-2026-000253'],
      source: 'engine-api',
    });
  });

  it("shows a unit head their own unit's figures only", async () => {
    const head = await signedIn(app, 'housing-head');
    const body = (await head.send<Dashboard>('GET', `/api/dashboard${NOVEMBER}`)).body;
    expect(body.unit).to.deep.equal({ code: H, name: '县住房和城乡建设局' });
    // Led or co-handled by housing; the merged repeat and education's own cases are not theirs.
    expect(body.registrations).to.deep.equal({ total: 7, repeats: 0, repeatedCases: 1, skipLevel: 0 });
    expect(body.rates.units.map((unit) => unit.unit?.code)).to.deep.equal([H]);
    expect(body.rates.total.timelyAcceptance).to.deep.equal(ratio(2, 4, 0.5));
    expect(body.deadlines.handle).to.deep.equal({ nearDue: 1, dueToday: 0, overdue: 0 });
    expect(body.zeroShelving.count).to.equal(0);

    expect((await head.send('GET', `/api/dashboard${NOVEMBER}&unit=education`)).status).to.equal(403);
    const handler = await signedIn(app, 'housing');
    expect((await handler.send('GET', `/api/dashboard${NOVEMBER}`)).status).to.equal(403);
  });

  it('refuses bad periods with 400 naming the parameter in Chinese', async () => {
    const office = await signedIn(app, 'office');
    const errors = async (query: string) =>
      (await office.send<{ errors: { field: string; message: string }[] }>('GET', `/api/dashboard${query}`))
        .body.errors;
    expect(await errors('?from=2026-11-30&to=2026-11-01')).to.deep.equal([
      { field: 'to', message: '统计截止日期不能早于统计开始日期' },
    ]);
    expect(await errors('?from=2025-01-01&to=2026-11-30')).to.deep.equal([
      { field: 'to', message: '统计期间不能超过 366 天' },
    ]);
    const bad = await errors('?from=2026-02-30&unit=Housing');
    expect(bad.map((error) => error.field).sort()).to.deep.equal(['from', 'unit']);
    expect(bad.find((error) => error.field === 'from')!.message).to.contain('统计开始日期');
    expect(bad.find((error) => error.field === 'unit')!.message).to.contain('责任单位');
  });

  it('exports the same numbers as an .xlsx with a Chinese file name, and audits it', async () => {
    const office = await signedIn(app, 'office');
    const json = (await office.send<Dashboard>('GET', `/api/dashboard${NOVEMBER}`)).body;
    const response = await fetch(`${app.server.url}/api/dashboard/export${NOVEMBER}`, {
      headers: { cookie: office.cookie! },
    });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).to.contain('filename="dashboard_2026-11-01_2026-11-30.xlsx"');
    expect(disposition).to.contain(
      `filename*=UTF-8''${encodeURIComponent('信访督查统计_2026-11-01_2026-11-30.xlsx')}`,
    );

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).to.deep.equal([
      '按阶段',
      '各单位指标',
      '期限预警',
      '登记趋势',
      '热点问题',
      '重复越级',
      '零搁置',
    ]);
    const values = (name: string) =>
      workbook
        .getWorksheet(name)!
        .getSheetValues()
        .slice(1)
        .map((row) => (Array.isArray(row) ? row.slice(1) : []));

    const stages = values('按阶段');
    expect(stages[0]![0]).to.be.a('string').and.contain('2026-11-01 至 2026-11-30');
    expect(stages[1]).to.deep.equal(['办理阶段', '件数']);
    expect(stages.slice(2)).to.deep.equal(json.byStage.map((row) => [row.name, row.count]));

    const rates = values('各单位指标').slice(2);
    const expected = [...json.rates.units, json.rates.total].map((unit) => [
      unit.unit?.name ?? '合计',
      unit.timelyAcceptance.numerator,
      unit.timelyAcceptance.denominator,
      unit.timelyAcceptance.rate,
      unit.onTimeReply.numerator,
      unit.onTimeReply.denominator,
      unit.onTimeReply.rate,
      unit.ratingParticipation.numerator,
      unit.ratingParticipation.denominator,
      unit.ratingParticipation.rate,
      unit.satisfaction.numerator,
      unit.satisfaction.denominator,
      unit.satisfaction.rate,
      unit.ratings.satisfied,
      unit.ratings.basically,
      unit.ratings.dissatisfied,
    ]);
    // An empty cell (a rate without a denominator) reads back as undefined.
    expect(rates.map((row) => expected[0]!.map((_, i) => row[i] ?? null))).to.deep.equal(expected);

    const trend = values('登记趋势');
    expect(trend[1]![0]).to.equal('日期');
    expect(trend.slice(2).map((row) => row[1])).to.deep.equal(json.trends.total);
    expect(values('零搁置').slice(2)).to.deep.equal([[1, 'XF-2026-000253']]);

    const { rows } = await app.database.pool.query<{ actor: string; details: Record<string, unknown> }>(
      `SELECT actor, details FROM app.audit_log WHERE action = 'report.exported'`,
    );
    expect(rows).to.deep.equal([
      { actor: 'office', details: { report: 'dashboard', from: '2026-11-01', to: '2026-11-30', unit: null } },
    ]);
  });
});
