// `npm run calendar -- import|list` as a real process against a test database, with the 2027 test
// schedule (test data, not the official schedule).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadCalendar } from '../../src/domain/deadline-rules/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { TEST_SCHEDULE_FILE } from '../domain/calendar/test-schedule-2027.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const scheduleFile = fileURLToPath(TEST_SCHEDULE_FILE);

async function runCli(database: TestDatabase, args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/cli/calendar.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('holiday schedule command', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let scratch: string;

  before(async () => {
    database = await createTestDatabase();
    scratch = await mkdtemp(path.join(os.tmpdir(), 'xf-calendar-'));
  });
  after(async () => {
    await database.drop();
    await rm(scratch, { recursive: true, force: true });
  });

  const storedYears = async () =>
    (await database.pool.query<{ year: number }>('SELECT year FROM app.national_schedule_years')).rows;

  /** A copy of the test schedule with `change` applied, written to a file. */
  async function spoiled(name: string, change: (data: Record<string, unknown>) => void): Promise<string> {
    const { readFile } = await import('node:fs/promises');
    const data = JSON.parse(await readFile(scheduleFile, 'utf8')) as Record<string, unknown>;
    change(data);
    const file = path.join(scratch, name);
    await writeFile(file, JSON.stringify(data));
    return file;
  }

  it('refuses a bad file naming the problem, and stores nothing', async () => {
    const noNewYear = await spoiled('no-new-year.json', (data) => {
      data.days = (data.days as { date: string }[]).filter((day) => day.date !== '2027-01-01');
    });
    const result = await runCli(database, ['import', noNewYear]);
    expect(result.code, result.stderr).to.equal(2);
    expect(result.stderr).to.contain('未录入：2027 年的节假日安排没有把 2027-01-01（元旦）列为假日');

    const offGov = await spoiled('off-gov.json', (data) => (data.papers = ['https://example.com/notice']));
    const refused = await runCli(database, ['import', offGov]);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.contain('网址不在 gov.cn 上');

    const broken = path.join(scratch, 'broken.json');
    await writeFile(broken, '{ "year": 2027, ');
    expect((await runCli(database, ['import', broken])).stderr).to.contain('文件不是有效的 JSON');

    const covered = await spoiled('2026.json', (data) => {
      data.year = 2026;
      data.days = [{ name: '元旦', date: '2026-01-01', isOffDay: true }];
    });
    expect((await runCli(database, ['import', covered])).stderr).to.contain(
      '已包含在系统内置的国务院节假日安排中',
    );

    expect(await storedYears()).to.deep.equal([]);
    const audited = await database.pool.query(
      "SELECT 1 FROM app.audit_log WHERE action = 'calendar.year_entered'",
    );
    expect(audited.rowCount).to.equal(0);
  });

  it('imports a holiday-cn file, after which 2027 deadlines compute', async () => {
    const result = await runCli(database, ['import', scheduleFile]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('已录入 2027 年的节假日安排：放假 29 天，调休上班 6 天');
    expect((await loadCalendar(database.pool)).addWorkingDays('2026-12-04', 20)).to.equal('2027-01-04');
    const audit = await database.pool.query<{ actor: string; target: string }>(
      "SELECT actor, target FROM app.audit_log WHERE action = 'calendar.year_entered'",
    );
    expect(audit.rows).to.have.length(1);
    expect(audit.rows[0]?.target).to.equal('2027');
    expect(audit.rows[0]?.actor).to.match(/^cli:/);
  });

  it('replaces a year whole, with the notice given by --notice', async () => {
    const shorter = await spoiled('shorter.json', (data) => {
      delete data.papers;
      data.days = (data.days as { date: string }[]).filter((day) => day.date < '2027-02-01');
    });
    const missing = await runCli(database, ['import', shorter]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.contain('请用 --notice <网址> 指明');

    const notice = 'https://www.gov.cn/zhengce/content/202611/content_0000002.htm';
    const result = await runCli(database, ['import', shorter, '--notice', notice]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('已替换 2027 年的节假日安排：放假 3 天，调休上班 1 天');
    const days = await database.pool.query('SELECT 1 FROM app.national_schedule_days WHERE year = 2027');
    expect(days.rowCount).to.equal(4);
    expect((await loadCalendar(database.pool)).isWorkingDay('2027-02-08')).to.be.true;
  });

  it('lists the published years and the entered ones', async () => {
    const result = await runCli(database, ['list']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/可计算工作日的年份：.*2026、2027/);
    expect(result.stdout).to.contain(
      '2027 年：放假 3 天，调休上班 1 天；https://www.gov.cn/zhengce/content/202611/content_0000002.htm',
    );
  });

  it('shows the usage when the command is incomplete', async () => {
    const result = await runCli(database, ['import']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('用法：npm run calendar -- import');
  });
});
