// The clerks' workbench in Chromium against the real engine, app and job workers: registration
// with repeat hints and the server's field errors, triage and acceptance in the rendered Camunda
// forms, another unit kept out of the task, the supervisor's dashboard and the instance diagram
// showing the acceptance, and a risk letter downloaded and answered.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/domain/users/index.js';
import { idNumber, PASSWORD, petitionInput, signedIn, type ApiClient } from '../app/support.js';
import {
  screenshot,
  scrollsSideways,
  signInAs,
  startWebUnderTest,
  type WebUnderTest,
} from './support/browser.js';

interface Task {
  key: string;
  elementId: string;
  assignee: string | null;
  petition: { number: string } | null;
}

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Chooses an option of an Element Plus select by its text. */
async function choose(page: Page, field: string, option: string): Promise<void> {
  await page.locator(`[data-test="${field}"]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

const PETITIONER = { name: '李四', idNumber: idNumber('1965-05-05', 23), phone: '13900139000' };
/** The same ID number with a wrong check character: only the server's check finds it. */
const WRONG_CHECK = `${PETITIONER.idNumber.slice(0, 17)}${PETITIONER.idNumber.endsWith('1') ? '2' : '1'}`;

describe('web app: clerks’ workbench (browser)', function () {
  this.timeout(120_000);
  let web: WebUnderTest;
  let intake: ApiClient;
  let housing: ApiClient;
  let earlier: string;
  let registered: string;
  let acceptKey: string;

  const taskOf = (client: ApiClient, elementId: string) => () =>
    client
      .send<{ items: Task[] }>('GET', '/api/tasks')
      .then((answer) =>
        answer.body.items.find(
          (task) => task.petition?.number === registered && task.elementId === elementId,
        ),
      );

  before(async () => {
    web = await startWebUnderTest({ workers: true });
    // The engine's clock (which the app and the workers read) on a Tuesday whose 5- and
    // 20-working-day deadlines stay inside a year with a published holiday schedule.
    const pinned = await fetch(`http://127.0.0.1:${web.app.engine.restPort}/v2/clock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timestamp: Date.parse('2026-09-01T01:00:00Z') }),
    });
    expect(pinned.ok).to.equal(true);
    await createUser(
      web.app.database.pool,
      {
        username: 'supervisor',
        displayName: '督查专员',
        roles: ['supervisor'],
        unitCode: null,
        password: PASSWORD,
      },
      new Date(),
    );
    intake = await signedIn(web.app, 'intake');
    housing = await signedIn(web.app, 'housing');
    const answer = await intake.send<{ petition: { number: string } }>(
      'POST',
      '/api/petitions',
      petitionInput({ petitioner: { ...PETITIONER, address: '城关镇幸福路 8 号' } }),
    );
    expect(answer.status).to.equal(201);
    earlier = answer.body.petition.number;
  });
  after(async () => {
    await web?.close();
  });

  it('registers a petition: hints for the same petitioner, the server’s field errors beside the fields', async () => {
    const { page, errors, close } = await signInAs(web, 'intake', '/register');
    try {
      await page.locator('.el-radio-button', { hasText: '来信' }).click();
      await page.locator('[data-test="field-name"]').fill(PETITIONER.name);
      await page.locator('[data-test="field-idNumber"]').fill(WRONG_CHECK);
      await page.locator('[data-test="field-phone"]').fill(PETITIONER.phone);
      await page.locator('[data-test="field-title"]').fill('幸福小区电梯长期故障无人修理');
      // Blank content passes the page's presence check; the server trims it and refuses it.
      await page.locator('[data-test="field-content"]').fill('   ');
      await choose(page, 'field-category', '住房保障');
      await choose(page, 'field-area', '城关镇');
      await page.locator('[data-test="register-submit"]').click();

      const idItem = page.locator('.el-form-item', { has: page.locator('[data-test="field-idNumber"]') });
      const contentItem = page.locator('.el-form-item', { has: page.locator('[data-test="field-content"]') });
      await idItem.locator('.el-form-item__error').waitFor();
      expect(await idItem.locator('.el-form-item__error').textContent()).to.match(/身份证/);
      expect(await contentItem.locator('.el-form-item__error').textContent()).to.contain('信访内容');
      expect(await page.locator('[data-test="register-result"]').count()).to.equal(0);

      await page.locator('[data-test="field-idNumber"]').fill(PETITIONER.idNumber);
      await page
        .locator('[data-test="field-content"]')
        .fill('幸福小区 5 号楼电梯停用半年，老人上下楼困难，物业称无维修资金，请求协调解决。');
      // Corrected fields lose the server's errors about their old values.
      await contentItem.locator('.el-form-item__error').waitFor({ state: 'detached' });
      await idItem.locator('.el-form-item__error').waitFor({ state: 'detached' });
      const same = page.locator('[data-test="hints-same"]');
      await same.getByText(earlier).waitFor();
      expect(await same.textContent()).to.contain('小区楼顶漏水多年无人维修');
      expect(await same.locator('a', { hasText: earlier }).getAttribute('href')).to.equal(
        `/petitions/${earlier}`,
      );
      expect(await scrollsSideways(page)).to.equal(false);
      await screenshot(page, 'register');

      await page.locator('[data-test="register-submit"]').click();
      await page.locator('[data-test="register-result"]').waitFor();
      registered = (await page.locator('[data-test="register-number"]').textContent())?.trim() ?? '';
      expect(registered).to.match(/^XF-\d{4}-\d+$/);
      expect(registered).not.to.equal(earlier);
      await page.locator('[data-test="register-new"]').waitFor();

      await page.locator('[data-test="register-again"]').click();
      expect(await page.locator('[data-test="field-name"]').inputValue()).to.equal('');
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('the office triages it in the rendered form, with a high risk', async () => {
    const office = await signedIn(web.app, 'office');
    const triage = await eventually(taskOf(office, 'triage'));
    const { page, errors, close } = await signInAs(web, 'office', '/tasks');
    try {
      await page.locator('[data-test="task-table"]').getByText(registered).click();
      await page.waitForURL(`**/tasks/${triage.key}`);
      const form = page.locator('[data-test="task-form"]');
      // The heading names the channel and category as registered, not by their codes.
      await form.locator('.fjs-form-field-text', { hasText: '渠道：来信' }).waitFor();
      expect(await form.locator('.fjs-form-field-text').first().textContent()).to.contain('类别：住房保障');
      await form.getByLabel('申诉求决').check();
      await form.getByLabel('普通信访事项').check();
      await form.getByLabel('普通程序（5个工作日内受理，20个工作日内办结）').check();
      // The lead unit the routing suggested, offered by name among the active units.
      const lead = form.getByRole('textbox', { name: '主办单位', exact: true });
      expect(await lead.inputValue()).to.equal('县住房和城乡建设局');
      await form.locator('.fjs-form-field-select:has([id$="Field_riskLevel"]) .fjs-input-group').click();
      await form.locator('.fjs-dropdownlist-item', { hasText: '高' }).click();
      await form.getByLabel('分办意见').fill('请住建局协调物业尽快修复电梯。');
      await page.locator('[data-test="task-complete"]').click();
      await page.waitForURL((url) => url.pathname === '/tasks');
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('does not show housing’s task to education', async () => {
    const accept = await eventually(taskOf(housing, 'accept'));
    const { page, errors, close } = await signInAs(web, 'education', '/tasks');
    try {
      await page.locator('[data-test="task-empty"]').waitFor();
      expect(await page.locator('[data-test="task-table"]').textContent()).not.to.contain(registered);
      await page.goto(new URL(`/tasks/${accept.key}`, web.baseUrl).href);
      expect(await page.locator('[data-test="task-error"]').textContent()).to.contain('没有这项任务');
      expect(await page.locator('[data-test="task-form"]').count()).to.equal(0);
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('housing claims the acceptance task, sees the file beside the form and accepts', async () => {
    const accept = await eventually(taskOf(housing, 'accept'));
    acceptKey = accept.key;
    const { page, errors, close } = await signInAs(web, 'housing', '/tasks');
    try {
      const row = page.locator('[data-test="task-table"] .el-table__row', { hasText: registered });
      await row.waitFor();
      const count = async (scope: string) => {
        const label = await page.locator(`[data-test="scope-${scope}"]`).textContent();
        return Number(/\((\d+)\)/.exec(label ?? '')?.[1]);
      };
      const claimable = await count('claimable');
      expect(claimable).to.be.above(0);
      expect(await count('mine')).to.equal(0);
      await row.locator('[data-test="task-claim"]').click();
      await row.locator('[data-test="task-assignee"]', { hasText: 'housing' }).waitFor();
      // The tabs count from the server: the task moved from 可认领 to 我的.
      expect([await count('mine'), await count('claimable')]).to.deep.equal([1, claimable - 1]);
      await page.locator('[data-test="scope-mine"]').click();
      await page.locator('[data-test="task-table"] .el-table__row').first().waitFor();
      expect(await page.locator('[data-test="task-table"] .el-table__row').count()).to.equal(1);
      expect(await scrollsSideways(page)).to.equal(false);
      await screenshot(page, 'task-list');

      await row.click();
      await page.waitForURL(`**/tasks/${acceptKey}`);
      const file = page.locator('[data-test="petition-file"]');
      await file.locator('[data-test="file-number"]', { hasText: registered }).waitFor();
      await file.locator('[data-test="deadline-accept"]').waitFor();
      expect(await file.locator('[data-test="deadline-accept"]').textContent()).to.match(/剩 \d+ 个工作日/);
      expect(await file.locator('[data-test="file-lead-unit"]').textContent()).to.contain('住房和城乡建设局');
      const timeline = await file.locator('[data-test="file-timeline"]').textContent();
      expect(timeline).to.contain('登记').and.to.contain('认领任务');
      expect(await file.locator('[data-test="petitioner-id"]').textContent()).not.to.contain(
        PETITIONER.idNumber,
      );
      // The lead unit may see the full identity, after confirming that the view is recorded.
      await file.locator('[data-test="reveal-petitioner"]').click();
      expect(await page.locator('.el-message-box').textContent()).to.contain('审计日志');
      await page.locator('.el-message-box .el-message-box__btns .el-button--primary').click();
      await file.locator('[data-test="petitioner-id"]', { hasText: PETITIONER.idNumber }).waitFor();
      // The form states the deadline as a day in Beijing time, not as an ISO instant.
      await page
        .locator('[data-test="task-form"]', { hasText: /受理期限：\d{4}年\d{1,2}月\d{1,2}日/ })
        .waitFor();
      expect(await page.locator('[data-test="task-form"]').textContent()).not.to.match(/\d{4}-\d{2}-\d{2}T/);
      await page.locator('[data-test="task-form"]').getByLabel('受理', { exact: true }).check();
      expect(await scrollsSideways(page)).to.equal(false);
      await screenshot(page, 'task');

      await page.locator('[data-test="task-complete"]').click();
      await page.waitForURL((url) => url.pathname === '/tasks');
      // Accepted: the task is done (the handling deadline is computed next by the workers).
      await eventually(() =>
        taskOf(housing, 'accept')().then((task) => (task === undefined ? true : undefined)),
      );
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('the supervisor’s dashboard and the instance diagram show the acceptance', async () => {
    const supervisor = await signedIn(web.app, 'supervisor');
    type Dashboard = { byStage: { stage: string; count: number }[] };
    // The workers move the petition on after acceptance: its stage becomes 办理中.
    const figures = await eventually(async () => {
      const answer = await supervisor.send<Dashboard>('GET', '/api/dashboard');
      return answer.body.byStage.some((item) => item.stage === 'handling' && item.count > 0)
        ? answer.body
        : undefined;
    });
    const { page, errors, close } = await signInAs(web, 'supervisor', '/dashboard');
    try {
      for (const item of figures.byStage) {
        const shown = page.locator(`[data-test="stage-${item.stage}-value"]`);
        if (item.count === 0 && (await shown.count()) === 0) continue;
        expect((await shown.textContent())?.trim(), item.stage).to.equal(String(item.count));
      }
      expect(await page.locator('[data-test="stage-handling"]').textContent()).to.contain('办理中');

      await page.goto(new URL(`/petitions/${registered}/process`, web.baseUrl).href);
      const diagram = page.locator('.djs-container svg');
      await diagram.waitFor();
      // Acceptance is done and marked so; the instance now waits in 办理 (handle).
      await page.locator('[data-element-id="accept"].xf-completed').waitFor();
      await page.locator('[data-element-id="handle"].xf-active').waitFor();
      expect(await page.locator('[data-element-id="accept"].xf-active').count()).to.equal(0);
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('housing downloads the risk letter and answers it once', async () => {
    await eventually(async () => {
      const answer = await housing.send<{ items: { kind: string; petitionNumber: string }[] }>(
        'GET',
        '/api/letters',
      );
      return answer.body.items.find(
        (letter) => letter.kind === 'risk' && letter.petitionNumber === registered,
      );
    });
    const { page, errors, close } = await signInAs(web, 'housing', '/letters');
    try {
      const row = page.locator('[data-test="letter-table"] .el-table__row', { hasText: registered });
      await row.waitFor();
      expect(await row.textContent()).to.contain('风险提醒函');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row.locator('[data-test="letter-download"]').click(),
      ]);
      expect(download.suggestedFilename()).to.match(/\.docx$/);
      expect(await scrollsSideways(page)).to.equal(false);

      await row.locator('[data-test="letter-reply"]').click();
      await page.locator('[data-test="letter-reply-text"]').fill('太短');
      await page.locator('[data-test="letter-reply-send"]').click();
      await page.locator('.el-dialog .el-form-item__error').waitFor();
      await page
        .locator('[data-test="letter-reply-text"]')
        .fill('已约谈物业公司，电梯维修资金已落实，预计两周内恢复运行。');
      await page.locator('[data-test="letter-reply-send"]').click();
      await row.locator('[data-test="letter-state"]', { hasText: '已回复' }).waitFor();
      expect(await row.locator('[data-test="letter-reply"]').count()).to.equal(0);
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });
});
