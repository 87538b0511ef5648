// GET /api/petitions over real HTTP: full text in Chinese, filters, deadlines, paging, sorting,
// and the scope each user sees — checked row by row against petitionAccess.
import { expect } from 'chai';
import { petitionAccess } from '../../src/app/auth/access.js';
import type { SessionUser } from '../../src/app/auth/sessions.js';
import { findOrCreatePetitioner } from '../../src/domain/petitioners/index.js';
import { signedIn, startAppUnderTest, idNumber, type AppUnderTest } from './support.js';

// Wednesday 2026-11-18, 10:00 in Shanghai.
const NOW = Date.parse('2026-11-18T02:00:00Z');
/** The end of a day in Shanghai, as deadlines are set. */
const endOf = (day: string) => new Date(`${day}T23:59:59.999+08:00`);
const at = (day: string, time = '09:00') => new Date(`${day}T${time}:00+08:00`);

interface Row {
  number: string;
  title?: string;
  content?: string;
  channel?: string;
  category?: string;
  area?: string;
  kind?: string | null;
  stage?: string;
  leadUnit?: string | null;
  coUnits?: string[];
  firstTime?: boolean;
  skipLevel?: boolean;
  repeatCount?: number;
  registeredAt: Date;
  acceptDue?: Date | null;
  handleDue?: Date | null;
}

interface Answer {
  total: number;
  page: number;
  size: number;
  items: {
    number: string;
    title: string;
    stage: string;
    leadUnit: { code: string; name: string } | null;
    category: { code: string; name: string };
    deadline: { stage: string; due: string; workingDaysLeft: number | null; urgency: string } | null;
  }[];
}

async function insertPetitions(app: AppUnderTest, rows: Row[]): Promise<void> {
  const { petitioner } = await findOrCreatePetitioner(
    app.database.pool,
    app.dataKey,
    { name: '王五', idNumber: idNumber('1980-01-02', 21), phone: '13900139000' },
    new Date(NOW),
  );
  for (const row of rows) {
    await app.database.pool.query(
      `INSERT INTO app.petitions (number, channel, title, content, category_code, area_code, petitioner_id, kind,
         line, stage, lead_unit, co_units, first_time, skip_level, repeat_count, registered_at, registered_by,
         accept_due, handle_due)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'ordinary', $9, $10, $11, $12, $13, $14, $15, 'intake', $16, $17)`,
      [
        row.number,
        row.channel ?? 'visit',
        row.title ?? '一般事项',
        row.content ?? '请求有关部门处理。',
        row.category ?? 'housing-security',
        row.area ?? 'chengguan',
        petitioner.id,
        row.kind === undefined ? 'appeal' : row.kind,
        row.stage ?? 'handling',
        row.leadUnit === undefined ? 'housing-construction' : row.leadUnit,
        row.coUnits ?? [],
        row.firstTime ?? false,
        row.skipLevel ?? false,
        row.repeatCount ?? 0,
        row.registeredAt,
        row.acceptDue ?? null,
        row.handleDue ?? null,
      ],
    );
  }
}

const ROWS: Row[] = [
  // 征地补偿 inside longer content; the title says nothing of it.
  {
    number: 'XF-2026-000101',
    title: '村民反映土地问题',
    content: '我们村二〇二四年被征收的承包地，征地补偿款至今没有发放到户，村委会说在等镇里拨款。',
    category: 'land-acquisition',
    leadUnit: 'natural-resources',
    coUnits: ['housing-construction'],
    registeredAt: at('2026-11-02'),
    stage: 'acceptance',
    acceptDue: endOf('2026-11-18'),
  },
  // 征地补偿 in the title: ranks first.
  {
    number: 'XF-2026-000102',
    title: '征地补偿标准过低',
    content: '补偿标准比邻村低很多，请求复核。',
    category: 'land-acquisition',
    leadUnit: 'natural-resources',
    registeredAt: at('2026-11-03'),
    handleDue: endOf('2026-11-16'),
  },
  // 征地 and 补偿, but never 征地补偿: not found.
  {
    number: 'XF-2026-000103',
    title: '安置问题',
    content: '征地时承诺的安置补偿没有兑现。',
    category: 'land-acquisition',
    leadUnit: 'natural-resources',
    registeredAt: at('2026-11-04'),
    handleDue: endOf('2026-11-20'),
  },
  {
    number: 'XF-2026-000104',
    title: '小区楼顶漏水无人维修',
    content: '楼顶漏水三年，物业不管。',
    channel: 'letter',
    leadUnit: 'housing-construction',
    registeredAt: at('2026-11-05'),
    handleDue: endOf('2026-11-19'),
    repeatCount: 2,
  },
  {
    number: 'XF-2026-000105',
    title: '学校违规收费',
    content: '学校假期补课收费。',
    category: 'education',
    area: 'qingshi',
    leadUnit: 'education',
    registeredAt: at('2026-11-06'),
    stage: 'closed',
    skipLevel: true,
  },
  // An accusation wrongly routed to the accused unit: still only the discipline unit may see it.
  {
    number: 'XF-2026-000106',
    title: '举报住建局干部收受好处',
    content: '住建局某干部在审批中收受好处费。',
    category: 'accusation',
    kind: 'accusation',
    leadUnit: 'housing-construction',
    registeredAt: at('2026-11-07'),
  },
  // Before triage: an accusation category, no kind yet.
  {
    number: 'XF-2026-000107',
    title: '举报村干部',
    content: '村干部虚报冒领低保。',
    category: 'accusation',
    kind: null,
    stage: 'registered',
    leadUnit: 'housing-construction',
    registeredAt: at('2026-11-08'),
  },
  {
    number: 'XF-2026-000108',
    title: '纪委办理的举报',
    content: '举报某局长违规用车。',
    category: 'accusation',
    kind: 'accusation',
    leadUnit: 'discipline',
    registeredAt: at('2026-11-09'),
    firstTime: true,
  },
  {
    number: 'XF-2026-000109',
    title: '初次来访的教育问题',
    content: '孩子入学被拒。',
    category: 'education',
    leadUnit: 'education',
    registeredAt: at('2026-10-20'),
    firstTime: true,
    stage: 'acceptance',
    acceptDue: endOf('2026-11-23'),
  },
];

const get = <T = Answer>(client: Awaited<ReturnType<typeof signedIn>>, query = '') =>
  client.send<T>('GET', `/api/petitions${query}`);

describe('GET /api/petitions (search)', function () {
  this.timeout(60_000);
  let app: AppUnderTest;

  before(async () => {
    app = await startAppUnderTest({ deploy: false });
    await app.engine.engine.pinClock(NOW);
    await insertPetitions(app, ROWS);
  });
  after(() => app.close());

  it('finds 征地补偿 inside longer content, title hits first, and not texts that only share its characters', async () => {
    const office = await signedIn(app, 'office');
    const answer = await get(office, `?q=${encodeURIComponent('征地补偿')}`);
    expect(answer.status).to.equal(200);
    expect(answer.body.items.map((item) => item.number)).to.deep.equal(['XF-2026-000102', 'XF-2026-000101']);
    expect(answer.body.total).to.equal(2);

    const leak = await get(office, `?q=${encodeURIComponent('楼顶 漏水')}`);
    expect(leak.body.items.map((item) => item.number)).to.deep.equal(['XF-2026-000104']);
    // One character: a substring search.
    const one = await get(office, `?q=${encodeURIComponent('漏')}`);
    expect(one.body.items.map((item) => item.number)).to.deep.equal(['XF-2026-000104']);
    // A petition number, whole or its beginning.
    const byNumber = await get(office, '?q=XF-2026-000105');
    expect(byNumber.body.items.map((item) => item.number)).to.deep.equal(['XF-2026-000105']);
    const nothing = await get(office, `?q=${encodeURIComponent('高铁噪音')}`);
    expect(nothing.body).to.deep.include({ total: 0, items: [] });
    const punctuation = await get(office, `?q=${encodeURIComponent('，。！')}`);
    expect(punctuation.body.total).to.equal(0);
  });

  it('filters by stage, channel, category, area, unit, repeat, skip-level and registration date', async () => {
    const office = await signedIn(app, 'office');
    const numbers = async (query: string) =>
      (await get(office, query)).body.items.map((i) => i.number).sort();
    expect(await numbers('?stage=acceptance,registered')).to.deep.equal([
      'XF-2026-000101',
      'XF-2026-000107',
      'XF-2026-000109',
    ]);
    expect(await numbers('?stage=acceptance&stage=closed')).to.deep.equal([
      'XF-2026-000101',
      'XF-2026-000105',
      'XF-2026-000109',
    ]);
    expect(await numbers('?channel=letter')).to.deep.equal(['XF-2026-000104']);
    expect(await numbers('?category=education&area=qingshi')).to.deep.equal(['XF-2026-000105']);
    // As lead or as co-handling unit.
    expect(await numbers('?unit=housing-construction&category=land-acquisition')).to.deep.equal([
      'XF-2026-000101',
    ]);
    expect(await numbers('?repeat=true')).to.deep.equal(['XF-2026-000104']);
    expect(await numbers('?skipLevel=1')).to.deep.equal(['XF-2026-000105']);
    expect(await numbers('?registeredFrom=2026-11-05&registeredTo=2026-11-06')).to.deep.equal([
      'XF-2026-000104',
      'XF-2026-000105',
    ]);
    expect(await numbers('?status=closed')).to.deep.equal(['XF-2026-000105']);
  });

  it('divides open petitions by their deadline in force: overdue, due today, near due', async () => {
    const office = await signedIn(app, 'office');
    const numbers = async (status: string) =>
      (await get(office, `?status=${status}`)).body.items.map((i) => i.number).sort();
    expect(await numbers('overdue')).to.deep.equal(['XF-2026-000102']);
    expect(await numbers('due_today')).to.deep.equal(['XF-2026-000101']);
    // Thursday 19th and Friday 20th are within two working days; Monday 23rd is not.
    expect(await numbers('near_due')).to.deep.equal(['XF-2026-000103', 'XF-2026-000104']);

    const page = await get(office, '?q=XF-2026-000101');
    expect(page.body.items[0]!.deadline).to.deep.equal({
      stage: 'accept',
      due: endOf('2026-11-18').toISOString(),
      workingDaysLeft: 0,
      urgency: 'near_due',
    });
    const closed = await get(office, '?q=XF-2026-000105');
    expect(closed.body.items[0]!.deadline).to.equal(null);
  });

  it('pages and sorts, with the total of every page', async () => {
    const office = await signedIn(app, 'office');
    const first = await get(office, '?size=4');
    expect(first.body).to.deep.include({ total: 9, page: 1, size: 4 });
    expect(first.body.items.map((i) => i.number)).to.deep.equal([
      'XF-2026-000108',
      'XF-2026-000107',
      'XF-2026-000106',
      'XF-2026-000105',
    ]);
    const third = await get(office, '?size=4&page=3');
    expect(third.body.total).to.equal(9);
    expect(third.body.items.map((i) => i.number)).to.deep.equal(['XF-2026-000109']);
    const beyond = await get(office, '?size=4&page=9');
    expect(beyond.body).to.deep.include({ total: 9, items: [] });

    const oldest = await get(office, '?sort=registeredAt:asc&size=2');
    expect(oldest.body.items.map((i) => i.number)).to.deep.equal(['XF-2026-000109', 'XF-2026-000101']);
    const byDue = await get(office, '?sort=dueAt&size=5');
    expect(byDue.body.items.map((i) => i.number)).to.deep.equal([
      'XF-2026-000102',
      'XF-2026-000101',
      'XF-2026-000104',
      'XF-2026-000103',
      'XF-2026-000109',
    ]);
  });

  it('shows each unit user exactly the petitions petitionAccess lets them open', async () => {
    const { rows: users } = await app.database.pool.query<{
      id: string;
      username: string;
      display_name: string;
      roles: SessionUser['roles'];
      unit_code: string | null;
      kind: SessionUser['unitKind'];
    }>(
      `SELECT u.id, u.username, u.display_name, u.roles, u.unit_code, n.kind FROM app.users u
       LEFT JOIN app.units n ON n.code = u.unit_code WHERE u.username IN ('housing', 'housing-head', 'education', 'discipline')`,
    );
    expect(users).to.have.length(4);
    for (const row of users) {
      const user: SessionUser = {
        id: Number(row.id),
        username: row.username,
        displayName: row.display_name,
        roles: row.roles,
        unitCode: row.unit_code,
        unitKind: row.kind,
      };
      const expected = ROWS.filter(
        (petition) =>
          petitionAccess(
            user,
            {
              kind: (petition.kind === undefined ? 'appeal' : petition.kind) as never,
              leadUnit: petition.leadUnit === undefined ? 'housing-construction' : petition.leadUnit,
              coUnits: petition.coUnits ?? [],
              firstTime: petition.firstTime ?? false,
              skipLevel: petition.skipLevel ?? false,
            },
            { accusationCategory: petition.category === 'accusation' },
          ) === 'visible',
      )
        .map((petition) => petition.number)
        .sort();
      const client = await signedIn(app, row.username);
      const answer = await get(client, '?size=100');
      expect(answer.body.items.map((i) => i.number).sort(), row.username).to.deep.equal(expected);
      expect(answer.body.total, row.username).to.equal(expected.length);
    }
  });

  it('never shows the accused unit an accusation, nor a unit another unit’s petition', async () => {
    const housing = await signedIn(app, 'housing');
    const all = await get(housing, '?size=100');
    expect(all.body.items.map((i) => i.number).sort()).to.deep.equal(['XF-2026-000101', 'XF-2026-000104']);
    for (const query of ['举报', '收受好处', '学校违规收费', '村干部']) {
      const answer = await get(housing, `?q=${encodeURIComponent(query)}`);
      expect(answer.body, query).to.deep.include({ total: 0, items: [] });
    }
    // Asking for another unit's petitions by filter changes nothing.
    expect((await get(housing, '?unit=education')).body.total).to.equal(0);

    const discipline = await signedIn(app, 'discipline');
    const seen = (await get(discipline, '?size=100')).body.items.map((i) => i.number).sort();
    // Its own accusations and, referred to it, first-time and skip-level petitions; not an accusation led elsewhere.
    expect(seen).to.deep.equal(['XF-2026-000105', 'XF-2026-000108', 'XF-2026-000109']);
  });

  it('refuses bad parameters with 400 naming each in Chinese, and roles that see no petitions', async () => {
    const office = await signedIn(app, 'office');
    const bad = await get<{ status: number; errors: { field: string; message: string }[] }>(
      office,
      '?size=500&stage=finished&status=late&registeredFrom=2026-13-01&sort=title&repeat=maybe',
    );
    expect(bad.status).to.equal(400);
    const byField = Object.fromEntries(bad.body.errors.map((error) => [error.field, error.message]));
    expect(Object.keys(byField).sort()).to.deep.equal([
      'registeredFrom',
      'repeat',
      'size',
      'sort',
      'stage',
      'status',
    ]);
    expect(byField.size).to.contain('每页条数');
    expect(byField.stage).to.contain('办理阶段').and.contain('finished');
    expect(byField.status).to.contain('办理状态');
    expect(byField.registeredFrom).to.contain('登记日期起');
    expect(byField.sort).to.contain('排序');
    expect(byField.repeat).to.contain('重复信访');

    const reversed = await get<{ errors: { field: string; message: string }[] }>(
      office,
      '?registeredFrom=2026-11-10&registeredTo=2026-11-01',
    );
    expect(reversed.status).to.equal(400);
    expect(reversed.body.errors).to.deep.equal([
      { field: 'registeredTo', message: '登记日期止不能早于登记日期起' },
    ]);

    const designer = await signedIn(app, 'designer');
    expect((await get(designer)).status).to.equal(403);
  });
});
