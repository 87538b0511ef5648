// The holiday-schedule page in the browser: the years the calendar knows and the warning while next
// year is missing, entering a year the built-in schedule does not cover (pasted as the command
// line's file, summarised and confirmed), its days listed, refusals shown with nothing changed, and
// the page kept from other roles.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/domain/users/index.js';
import { beijingDay } from '../../src/web/lib/time.js';
import { PASSWORD, signedIn } from '../app/support.js';
import {
  screenshot,
  scrollsSideways,
  signInAs,
  startWebUnderTest,
  type WebUnderTest,
} from './support/browser.js';

/** 2099: far beyond any built-in schedule. A small made-up schedule (TEST DATA, not a notice). */
const NOTICE = 'https://www.gov.cn/zhengce/content/2098-11/test-2099.htm';
const FILE_2099 = {
  year: 2099,
  papers: [NOTICE],
  days: [
    { name: '元旦', date: '2099-01-01', isOffDay: true },
    { name: '元旦', date: '2099-01-02', isOffDay: true },
    { name: '元旦', date: '2099-01-03', isOffDay: true },
    { name: '元旦', date: '2099-01-04', isOffDay: false },
  ],
};

describe('web app: holiday schedule (browser)', function () {
  this.timeout(120_000);
  let web: WebUnderTest;

  before(async () => {
    web = await startWebUnderTest();
    await createUser(
      web.app.database.pool,
      { username: 'admin', displayName: '系统管理员', password: PASSWORD, roles: ['admin'], unitCode: null },
      new Date(),
    );
  });
  after(async () => {
    await web?.close();
  });

  const stored = async () =>
    (
      await web.app.database.pool.query<{ date: string; working: boolean; name: string }>(
        `SELECT to_char(date, 'YYYY-MM-DD') AS date, working, name FROM app.national_schedule_days
          WHERE year = 2099 ORDER BY date`,
      )
    ).rows;
  const entries = async () =>
    Number(
      (
        await web.app.database.pool.query<{ n: string }>(
          "SELECT count(*) AS n FROM app.audit_log WHERE action = 'calendar.year_entered'",
        )
      ).rows[0]?.n,
    );
  const confirmBox = (page: Page) => page.locator('.el-message-box');

  it('warns while next year is missing, and enters a year pasted as the command line file', async () => {
    const admin = await signedIn(web.app, 'admin');
    const before = (await admin.send<{ publishedYears: number[] }>('GET', '/api/admin/calendar/years')).body;
    const nextYear = Number(beijingDay().slice(0, 4)) + 1;

    const { page, errors, close } = await signInAs(web, 'admin', '/admin/calendar');
    try {
      await page.locator('[data-test="calendar-published"]').waitFor();
      expect(await page.locator('[data-test="main-menu"]').textContent()).to.contain('节假日安排');
      // The warning follows what the server knows, whichever year the built-in schedule reaches.
      const warning = page.locator('[data-test="calendar-missing"]');
      if (before.publishedYears.includes(nextYear)) expect(await warning.count()).to.equal(0);
      else {
        expect(await warning.textContent()).to.contain(
          `${nextYear} 年的节假日安排尚未录入：截止日期落在 ${nextYear} 年的办理期限将无法计算`,
        );
      }
      expect(await page.locator('[data-test="calendar-published"]').textContent()).not.to.contain('2099');

      await page.locator('[data-test="calendar-enter"]').click();
      const dialog = page.locator('[data-test="calendar-dialog"]');
      await dialog.waitFor();
      await dialog.locator('textarea[name="pasted"]').fill(JSON.stringify(FILE_2099, null, 2));
      await dialog.locator('[data-test="calendar-read"]').click();
      // The file's year and notice fill the form; its days fill the rows.
      expect(await dialog.locator('input[name="year"]').inputValue()).to.equal('2099');
      expect(await dialog.locator('input[name="notice"]').inputValue()).to.equal(NOTICE);
      expect(await dialog.locator('[data-test="calendar-rows"] tbody tr').count()).to.equal(4);
      expect(await dialog.locator('[data-test="calendar-summary"]').textContent()).to.equal(
        '放假 3 天，调休上班 1 天',
      );

      // The summary is confirmed first; cancelling stores nothing.
      await dialog.locator('[data-test="calendar-save"]').click();
      expect(await confirmBox(page).textContent()).to.contain('2099 年：放假 3 天，调休上班 1 天');
      await confirmBox(page).getByRole('button', { name: '取消' }).click();
      await confirmBox(page).waitFor({ state: 'hidden' });
      expect(await stored()).to.deep.equal([]);
      await dialog.locator('[data-test="calendar-save"]').click();
      await confirmBox(page).getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'hidden' });

      const years = page.locator('[data-test="calendar-years"]');
      await years.getByText('2099', { exact: true }).waitFor();
      expect(await years.textContent())
        .to.contain(NOTICE)
        .and.contain('admin');
      const days = page.locator('[data-test="calendar-days"] tbody tr');
      await page.locator('[data-test="calendar-days"]').waitFor();
      expect(await days.count()).to.equal(4);
      expect(await days.nth(3).textContent())
        .to.contain('2099-01-04')
        .and.contain('调休上班');
      expect(await page.locator('[data-test="calendar-published"]').textContent()).to.contain('2099');
      expect(await stored()).to.deep.equal(
        FILE_2099.days.map((day) => ({ date: day.date, working: !day.isOffDay, name: day.name })),
      );
      expect(await entries()).to.equal(1);

      expect(await scrollsSideways(page)).to.equal(false);
      await page.locator('.el-message').first().waitFor({ state: 'detached' });
      await screenshot(page, 'calendar');
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('shows what the server refuses, beside the field or by row, and changes nothing', async () => {
    const { page, errors, close } = await signInAs(web, 'admin', '/admin/calendar');
    try {
      await page.locator('[data-test="calendar-reenter-2099"]').click();
      const dialog = page.locator('[data-test="calendar-dialog"]');
      await dialog.waitFor();
      expect(await dialog.locator('[data-test="calendar-rows"] tbody tr').count()).to.equal(4);

      // A row added by hand with a date of the following year.
      await dialog.locator('[data-test="calendar-add-row"]').click();
      const added = dialog.locator('[data-test="calendar-rows"] tbody tr').nth(4);
      const date = added.locator('.el-date-editor input');
      await date.fill('2100-01-01');
      await date.press('Enter');
      await added.locator('td').nth(3).locator('input').fill('元旦');
      await dialog.locator('[data-test="calendar-save"]').click();
      expect(await confirmBox(page).textContent()).to.contain('整年替换');
      await confirmBox(page).getByRole('button', { name: '保存' }).click();
      const problems = dialog.locator('[data-test="calendar-errors"]');
      await problems.waitFor();
      expect(await problems.textContent())
        .to.contain('第 5 行')
        .and.contain('2100-01-01 不在 2099 年内');
      await confirmBox(page).waitFor({ state: 'hidden' });
      await screenshot(page, 'calendar-refused');

      // A notice elsewhere than gov.cn is named beside its field.
      await dialog.locator('input[name="notice"]').fill('https://www.example.com/notice.htm');
      await added.getByRole('button', { name: '删除' }).click();
      await dialog.locator('[data-test="calendar-save"]').click();
      await confirmBox(page).getByRole('button', { name: '保存' }).click();
      const noticeError = dialog.locator('[data-test="calendar-field-notice"] .el-form-item__error');
      await noticeError.waitFor();
      expect(await noticeError.textContent()).to.contain('gov.cn');

      expect(await stored()).to.have.length(4);
      expect(await entries()).to.equal(1);
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('is kept from other roles', async () => {
    const { page, errors, close } = await signInAs(web, 'office', '/admin/calendar');
    try {
      await page.locator('[data-test="forbidden"]').waitFor();
      expect(await page.locator('[data-test="main-menu"]').textContent()).not.to.contain('节假日安排');
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });
});
