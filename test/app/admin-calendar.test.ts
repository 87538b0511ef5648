// The national holiday schedule entered through the admin API: administrators only, bad input named
// field by field with nothing stored, a year replaced whole, and every entry audited. Uses the 2027
// test schedule (test data, not the official schedule).
import { expect } from 'chai';
import { loadCalendar } from '../../src/domain/deadline-rules/index.js';
import { createUser } from '../../src/domain/users/index.js';
import { testSchedule2027 } from '../domain/calendar/test-schedule-2027.js';
import { PASSWORD, signedIn, startAppUnderTest, type ApiClient, type AppUnderTest } from './support.js';

interface YearList {
  publishedYears: number[];
  items: { year: number; notice: string; enteredBy: string; supersededByPackage: boolean; days: unknown[] }[];
}

describe('administration API: national holiday schedule', function () {
  this.timeout(30_000);
  let app: AppUnderTest;
  let admin: ApiClient;

  const body = () => {
    const { notice, days } = testSchedule2027();
    return { notice, days };
  };
  const storedDays = async () =>
    (await app.database.pool.query('SELECT 1 FROM app.national_schedule_days')).rowCount;
  const audits = async () =>
    (
      await app.database.pool.query<{ actor: string; target: string; details: Record<string, unknown> }>(
        "SELECT actor, target, details FROM app.audit_log WHERE action = 'calendar.year_entered' ORDER BY id",
      )
    ).rows;

  before(async () => {
    app = await startAppUnderTest({ deploy: false });
    await createUser(
      app.database.pool,
      { username: 'admin', displayName: '系统管理员', password: PASSWORD, roles: ['admin'], unitCode: null },
      new Date(),
    );
    admin = await signedIn(app, 'admin');
  });
  after(() => app.close());

  it('is for administrators only', async () => {
    for (const username of ['office', 'housing', 'designer']) {
      const client = await signedIn(app, username);
      expect((await client.send('GET', '/api/admin/calendar/years')).status, username).to.equal(403);
      expect((await client.send('PUT', '/api/admin/calendar/years/2027', body())).status, username).to.equal(
        403,
      );
    }
    expect(await storedDays()).to.equal(0);
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const cases: [string, unknown, string, string][] = [
      ['2027', { ...body(), notice: 'https://www.example.com/a.htm' }, 'notice', 'gov.cn'],
      ['2027', { notice: body().notice }, 'days', '请填写日期列表'],
      [
        '2027',
        { ...body(), days: [...body().days, { date: '2027-02-08', working: true, name: '春节' }] },
        'days[35]',
        '出现了不止一次',
      ],
      ['2027', { ...body(), days: body().days.slice(1) }, 'days', '没有把 2027-01-01（元旦）列为假日'],
      ['2028', body(), 'days[0]', '不在 2028 年内'],
      ['2026', body(), 'year', '已包含在系统内置的国务院节假日安排中'],
      ['27', body(), 'year', '年份应为四位数字'],
    ];
    for (const [year, input, field, message] of cases) {
      const answer = await admin.send<{ errors: { field: string; message: string }[] }>(
        'PUT',
        `/api/admin/calendar/years/${year}`,
        input,
      );
      expect(answer.status, `${year} ${field}`).to.equal(400);
      expect(answer.body.errors[0]?.field, message).to.equal(field);
      expect(answer.body.errors[0]?.message).to.contain(message);
    }
    expect(await storedDays()).to.equal(0);
    expect(await audits()).to.deep.equal([]);
  });

  it('enters a year, after which deadlines into it compute, and audits it', async () => {
    expect(
      (await admin.send<YearList>('GET', '/api/admin/calendar/years')).body.publishedYears,
    ).not.to.include(2027);

    const answer = await admin.send<YearList['items'][number]>(
      'PUT',
      '/api/admin/calendar/years/2027',
      body(),
    );

    expect(answer.status).to.equal(200);
    expect(answer.body).to.deep.include({ year: 2027, enteredBy: 'admin', supersededByPackage: false });
    expect(answer.body.days).to.have.length(35);
    expect((await loadCalendar(app.database.pool)).addWorkingDays('2026-12-04', 20)).to.equal('2027-01-04');
    const list = await admin.send<YearList>('GET', '/api/admin/calendar/years');
    expect(list.body.publishedYears).to.include.members([2026, 2027]);
    expect(list.body.items.map((item) => item.year)).to.deep.equal([2027]);
    expect(await audits()).to.deep.equal([
      {
        actor: 'admin',
        target: '2027',
        details: { notice: body().notice, holidays: 29, workdays: 6, replaced: false },
      },
    ]);
  });

  it('replaces a year whole', async () => {
    const days = body().days.filter((day) => day.date < '2027-02-01');
    const answer = await admin.send<YearList['items'][number]>('PUT', '/api/admin/calendar/years/2027', {
      notice: body().notice,
      days,
    });
    expect(answer.status).to.equal(200);
    expect(await storedDays()).to.equal(days.length);
    expect((await loadCalendar(app.database.pool)).isWorkingDay('2027-02-08')).to.be.true;
    expect((await audits()).at(-1)?.details).to.include({ replaced: true, holidays: 3, workdays: 1 });
  });
});
