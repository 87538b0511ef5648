// The frame of the web app: sign-in, the menu by role, the forbidden page, sign-out, the language.
import { expect } from 'chai';
import {
  openPage,
  screenshot,
  scrollsSideways,
  signInAs,
  startWebUnderTest,
  type WebUnderTest,
} from './support/browser.js';

describe('web app: sign-in and frame (browser)', function () {
  this.timeout(180_000);
  let web: WebUnderTest;

  before(async () => {
    web = await startWebUnderTest();
  });
  after(async () => {
    await web?.close();
  });

  it('asks for a sign-in in Chinese and shows the server’s message for a wrong password', async () => {
    const { page, errors, close } = await openPage(web, '/tasks');
    try {
      await page.waitForURL(
        (url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/tasks',
      );
      expect(await page.title()).to.contain('用户登录');
      await page.locator('input[name="username"]').fill('housing');
      await page.locator('input[name="password"]').fill('wrong password');
      await page.locator('[data-test="login-submit"]').click();
      expect(await page.locator('[data-test="login-error"]').textContent()).to.contain('用户名或密码不正确');
      await screenshot(page, 'login');
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('signs in to the page asked for, shows the user and only their menu, and signs out', async () => {
    const { page, errors, close } = await signInAs(web, 'designer');
    try {
      expect(new URL(page.url()).pathname).to.equal('/models');
      expect(await page.locator('[data-test="current-user"]').textContent()).to.contain('流程设计');
      const menu = await page.locator('[data-test="main-menu"]').textContent();
      expect(menu).not.to.contain('用户管理');
      expect(await scrollsSideways(page)).to.equal(false);

      await page.locator('[data-test="sign-out"]').click();
      await page.waitForURL(/\/login/);
      const answer = await page.request.get(new URL('/api/session', web.baseUrl).href);
      expect(answer.status()).to.equal(401);
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('shows the forbidden page for a page of another role', async () => {
    const { page, close } = await signInAs(web, 'housing', '/admin/users');
    try {
      await page.locator('[data-test="forbidden"]').waitFor();
      expect(await page.locator('[data-test="forbidden"]').textContent()).to.contain('无权访问');
      await screenshot(page, 'forbidden');
    } finally {
      await close();
    }
  });

  it('switches to English and back, and remembers the choice', async () => {
    const { page, close } = await signInAs(web, 'housing');
    try {
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.reload();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByRole('button', { name: '退出登录' }).waitFor();
    } finally {
      await close();
    }
  });
});
