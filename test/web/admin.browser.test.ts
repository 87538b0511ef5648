// The administration pages in the browser: users (create, refusals beside the field, roles,
// deactivation, password reset, unlock), units, and the audit log that records all of it.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { AUDIT_ACTIONS } from '../../src/domain/audit/index.js';
import { createUser, MAX_FAILED_SIGN_INS } from '../../src/domain/users/index.js';
import { messages } from '../../src/web/areas/admin/messages.js';
import { ApiClient, PASSWORD, petitionInput, signedIn } from '../app/support.js';
import {
  openPage,
  screenshot,
  scrollsSideways,
  signInAs,
  startWebUnderTest,
  type WebUnderTest,
} from './support/browser.js';

/** Picks the option with exactly this text from the select that is open. */
async function choose(page: Page, text: string): Promise<void> {
  await page.locator('.el-select__popper:visible').getByText(text, { exact: true }).click();
}

const fieldError = (page: Page, field: string) => page.locator(`[data-test="${field}"] .el-form-item__error`);

describe('web app: administration (browser)', function () {
  this.timeout(180_000);
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

  const userRow = async (username: string) =>
    (
      await web.app.database.pool.query<{ roles: string[]; unit_code: string | null; active: boolean }>(
        'SELECT roles, unit_code, active FROM app.users WHERE username = $1',
        [username],
      )
    ).rows[0];
  const canSignIn = async (username: string, password: string) =>
    (await new ApiClient(web.baseUrl).send('POST', '/api/session', { username, password })).status === 200;

  it('names every audit action, and has the same texts in both languages', () => {
    const keys = (tree: object, prefix = ''): string[] =>
      Object.entries(tree).flatMap(([key, value]) =>
        typeof value === 'object' && value !== null
          ? keys(value as object, `${prefix}${key}.`)
          : [`${prefix}${key}`],
      );
    expect(keys(messages.en).sort()).to.deep.equal(keys(messages['zh-CN']).sort());
    for (const locale of ['zh-CN', 'en'] as const) {
      const names = messages[locale].admin.audit.actions as Record<string, Record<string, string>>;
      for (const action of AUDIT_ACTIONS) {
        const [group = '', name = ''] = action.split('.');
        expect(names[group]?.[name], `${locale} ${action}`).to.be.a('string');
      }
    }
  });

  it('keeps the pages from other roles', async () => {
    const { page, errors, close } = await signInAs(web, 'housing', '/admin/users');
    try {
      await page.locator('[data-test="forbidden"]').waitFor();
      await page.goto(new URL('/admin/audit', web.baseUrl).href);
      await page.locator('[data-test="forbidden"]').waitFor();
      expect(await page.locator('[data-test="main-menu"]').textContent()).not.to.contain('审计日志');
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('creates, refuses, changes, resets, unlocks and deactivates users', async () => {
    const { page, errors, close } = await signInAs(web, 'admin', '/admin/users');
    try {
      const table = page.locator('[data-test="users-table"]');
      await table.getByText('housing-head', { exact: true }).waitFor();
      expect(await table.textContent()).to.contain('责任单位负责人');
      expect(await scrollsSideways(page)).to.equal(false);
      await screenshot(page, 'admin-users');

      // A new unit handler of the education bureau, first with a password the server refuses.
      await page.locator('[data-test="user-create"]').click();
      const dialog = page.locator('[data-test="user-dialog"]');
      await dialog.locator('input[name="username"]').fill('zhao.liu');
      await dialog.locator('input[name="displayName"]').fill('赵六');
      await dialog.locator('input[name="password"]').fill('short');
      expect(await dialog.locator('[data-test="password-strength"]').textContent()).to.contain('太短');
      await dialog.locator('[data-test="user-roles"]').click();
      await choose(page, '责任单位经办人');
      await dialog.locator('.el-dialog__title').click();
      await dialog.locator('[data-test="user-save"]').click();
      await fieldError(page, 'user-field-password').waitFor();
      expect(await fieldError(page, 'user-field-password').textContent()).to.contain('密码长度应为 8 到 256');
      // The server, not the page, says that a unit handler needs a unit.
      expect(await fieldError(page, 'user-field-unitCode').textContent()).to.contain('必须指定所属单位');
      expect(await userRow('zhao.liu')).to.equal(undefined);

      // A taken username: the conflict is shown beside the username.
      await dialog.locator('input[name="username"]').fill('housing');
      await dialog.locator('input[name="password"]').fill('initial password 1');
      await dialog.locator('[data-test="user-unit"]').click();
      await choose(page, '县教育局（education）');
      await dialog.locator('[data-test="user-save"]').click();
      await fieldError(page, 'user-field-username').waitFor();
      expect(await fieldError(page, 'user-field-username').textContent()).to.contain('已被使用');
      expect((await userRow('housing'))?.unit_code).to.equal('housing-construction');

      await dialog.locator('input[name="username"]').fill('zhao.liu');
      await dialog.locator('[data-test="user-save"]').click();
      await dialog.waitFor({ state: 'hidden' });
      const created = table.locator('tr', { hasText: 'zhao.liu' });
      await created.waitFor();
      expect(await created.textContent()).to.contain('县教育局');
      expect(await userRow('zhao.liu')).to.deep.equal({
        roles: ['unit_handler'],
        unit_code: 'education',
        active: true,
      });

      // Roles changed: the unit head role added.
      await page.locator('[data-test="user-actions-zhao.liu"] [data-test="user-edit"]').click();
      await dialog.locator('[data-test="user-roles"]').click();
      await choose(page, '责任单位负责人');
      await dialog.locator('.el-dialog__title').click();
      await dialog.locator('[data-test="user-save"]').click();
      await dialog.waitFor({ state: 'hidden' });
      await created.getByText('责任单位负责人').waitFor();
      expect((await userRow('zhao.liu'))?.roles).to.deep.equal(['unit_handler', 'unit_head']);

      // A new password, and the user signs in with it elsewhere.
      await page.locator('[data-test="user-actions-zhao.liu"] [data-test="user-reset"]').click();
      const reset = page.locator('[data-test="password-dialog"]');
      await reset.locator('input[name="new-password"]').fill('short');
      await reset.locator('input[name="repeat-password"]').fill('short');
      await reset.locator('[data-test="reset-save"]').click();
      await fieldError(page, 'reset-field-password').waitFor();
      await reset.locator('input[name="new-password"]').fill('Zhao Liu new 2026!');
      await reset.locator('input[name="repeat-password"]').fill('Zhao Liu new 2026!');
      expect(await reset.locator('[data-test="password-strength"]').textContent()).to.contain('强');
      await reset.locator('[data-test="reset-save"]').click();
      await reset.waitFor({ state: 'hidden' });
      const other = await openPage(web, '/login');
      await other.page.locator('input[name="username"]').fill('zhao.liu');
      await other.page.locator('input[name="password"]').fill('Zhao Liu new 2026!');
      await other.page.locator('[data-test="login-submit"]').click();
      await other.page.locator('[data-test="current-user"]').waitFor();
      expect(await other.page.locator('[data-test="current-user"]').textContent()).to.contain('赵六');
      expect(other.errors).to.deep.equal([]);

      // Deactivation asks first; cancelling changes nothing, confirming ends the user's session.
      await page.locator('[data-test="user-actions-zhao.liu"] [data-test="user-deactivate"]').click();
      const confirm = page.locator('.el-message-box');
      expect(await confirm.textContent()).to.contain('赵六（zhao.liu）将不能登录');
      await confirm.getByRole('button', { name: '取消' }).click();
      await confirm.waitFor({ state: 'hidden' });
      expect((await userRow('zhao.liu'))?.active).to.equal(true);
      await page.locator('[data-test="user-actions-zhao.liu"] [data-test="user-deactivate"]').click();
      await confirm.getByRole('button', { name: '停用' }).click();
      await page.locator('[data-test="user-actions-zhao.liu"] [data-test="user-activate"]').waitFor();
      expect((await userRow('zhao.liu'))?.active).to.equal(false);
      const afterwards = await other.page.request.get(new URL('/api/session', web.baseUrl).href);
      expect(afterwards.status()).to.equal(401);
      await other.close();

      // Administrators cannot deactivate themselves: the server's message is shown.
      await page.locator('[data-test="user-actions-admin"] [data-test="user-deactivate"]').click();
      await confirm.getByRole('button', { name: '停用' }).click();
      await page.locator('.el-message--error', { hasText: '不能停用自己的账户' }).waitFor();
      expect((await userRow('admin'))?.active).to.equal(true);

      // Five wrong passwords lock an account; the lock shows and is lifted.
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await canSignIn('education', 'wrong password');
      expect(await canSignIn('education', PASSWORD)).to.equal(false);
      await page.locator('[data-test="users-search"]').click();
      const locked = page.locator('[data-test="user-actions-education"] [data-test="user-unlock"]');
      await locked.waitFor();
      expect(
        await table
          .locator('tr', { hasText: 'education' })
          .locator('[data-test="locked-until"]')
          .textContent(),
      ).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      await locked.click();
      await locked.waitFor({ state: 'detached' });
      expect(await canSignIn('education', PASSWORD)).to.equal(true);

      expect(await scrollsSideways(page)).to.equal(false);
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('creates and changes units, with the server’s refusals beside the fields', async () => {
    const { page, errors, close } = await signInAs(web, 'admin', '/admin/units');
    try {
      const table = page.locator('[data-test="units-table"]');
      await table.getByText('housing-construction', { exact: true }).waitFor();

      await page.locator('[data-test="unit-create"]').click();
      const dialog = page.locator('[data-test="unit-dialog"]');
      await dialog.locator('input[name="code"]').fill('water-affairs');
      await dialog.locator('input[name="name"]').fill('县水务局');
      await dialog.locator('[data-test="unit-kind"]').click();
      await choose(page, '县直部门');
      await dialog.locator('input[name="contactPhone"]').fill('12345');
      await dialog.locator('[data-test="unit-save"]').click();
      await fieldError(page, 'unit-field-contactPhone').waitFor();
      const unit = await web.app.database.pool.query("SELECT 1 FROM app.units WHERE code = 'water-affairs'");
      expect(unit.rowCount).to.equal(0);

      await dialog.locator('input[name="contactPhone"]').fill('0731-8888 6666');
      await dialog.locator('[data-test="unit-save"]').click();
      await dialog.waitFor({ state: 'hidden' });
      const row = table.locator('tr', { hasText: 'water-affairs' });
      await row.waitFor();
      expect(await row.textContent()).to.contain('073188886666');

      // A second petition office is refused on the kind; a new name and parent are kept.
      await page.locator('[data-test="unit-edit-water-affairs"]').click();
      await dialog.locator('[data-test="unit-kind"]').click();
      await choose(page, '信访局');
      await dialog.locator('[data-test="unit-save"]').click();
      await fieldError(page, 'unit-field-kind').waitFor();
      expect(await fieldError(page, 'unit-field-kind').textContent()).to.contain(
        '全县只能有一个启用的信访局',
      );
      await dialog.locator('[data-test="unit-kind"]').click();
      await choose(page, '县直部门');
      await dialog.locator('input[name="name"]').fill('县水利局');
      await dialog.locator('[data-test="unit-parent"]').click();
      await choose(page, '县教育局（education）');
      await dialog.locator('[data-test="unit-save"]').click();
      await dialog.waitFor({ state: 'hidden' });
      await row.getByText('县水利局').waitFor();
      const stored = await web.app.database.pool.query(
        "SELECT name, kind, parent_code FROM app.units WHERE code = 'water-affairs'",
      );
      expect(stored.rows[0]).to.deep.equal({
        name: '县水利局',
        kind: 'department',
        parent_code: 'education',
      });
      expect(await scrollsSideways(page)).to.equal(false);
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('shows the audit log in words, filtered by action group', async () => {
    // An unmasked petitioner view, by the intake clerk who registered the petition.
    const intake = await signedIn(web.app, 'intake');
    const registered = await intake.send<{ petition: { number: string } }>(
      'POST',
      '/api/petitions',
      petitionInput(),
    );
    expect(registered.status).to.equal(201);
    const number = registered.body.petition.number;
    expect((await intake.send('GET', `/api/petitions/${number}/petitioner`)).status).to.equal(200);

    const { page, errors, close } = await signInAs(web, 'admin', '/admin/audit');
    try {
      const table = page.locator('[data-test="audit-table"]');
      await table.locator('[data-action="petitioner.unmasked"]').first().waitFor();
      const unmasked = table.locator('tr', { hasText: number });
      expect(await unmasked.textContent()).to.contain('查看信访人完整信息');
      expect(await unmasked.textContent()).to.contain('身份证号');

      await page.locator('[data-test="audit-action"]').click();
      await choose(page, '全部用户');
      await table.locator('[data-action="session.login"]').waitFor({ state: 'detached' });
      const actions = await Promise.all(
        (await table.locator('[data-action]').all()).map((cell) => cell.getAttribute('data-action')),
      );
      expect(actions.length).to.be.greaterThan(0);
      expect(actions.every((action) => action?.startsWith('user.'))).to.equal(true);
      expect(actions).to.include.members([
        'user.created',
        'user.updated',
        'user.password_reset',
        'user.unlocked',
      ]);
      const text = (await table.textContent()) ?? '';
      expect(text).to.contain('新建用户');
      expect(text).to.contain('重置密码');
      expect(text).to.contain('角色：责任单位经办人 → 责任单位经办人、责任单位负责人');
      expect(text).to.contain('启用：是 → 否');
      expect(text).not.to.contain('Zhao Liu new 2026');
      await table.locator('.el-loading-mask').waitFor({ state: 'hidden' });
      await screenshot(page, 'audit');

      await page.locator('[data-test="audit-action"]').click();
      await choose(page, '全部单位');
      await table.locator('[data-action="unit.updated"]').waitFor();
      const units = (await table.textContent()) ?? '';
      expect(units).to.contain('名称：县水务局 → 县水利局');
      expect(units).to.contain('上级单位：— → 县教育局（education）');
      expect(units).to.contain('类型：县直部门');
      expect(await scrollsSideways(page)).to.equal(false);
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });
});
