// The process view of a petition and the designers' page in Chromium, against the real engine with
// the models of bpmn/. As in test/app/process-view.test.ts, a stand-in routing worker fails the
// routing job of petitions titled 【路由失败】 once with no retries left, which makes an incident.
import { readFileSync } from 'node:fs';
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

const ROUTING_DOWN = '路由规则服务暂不可用';
const FAIL_ONCE = '【路由失败】';

interface InstanceView {
  key: string;
  activeElementIds: string[];
  elements: { elementId: string; state: string }[];
  incidents: { key: string; state: string; elementId: string }[];
}
interface Catalog {
  processes: { processDefinitionId: string; latestVersion: number }[];
}

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const diagram = (page: Page) => page.locator('[data-test="bpmn-diagram"]').first();
/** The drawn element of a BPMN id (diagram-js puts the id on its SVG group). */
const drawn = (page: Page, elementId: string, marker = '') =>
  diagram(page).locator(`g.djs-element[data-element-id="${elementId}"]${marker}`);

async function confirmMessageBox(page: Page): Promise<void> {
  await page.locator('.el-message-box .el-message-box__btns .el-button--primary').click();
}

describe('web app: process view and models (browser)', function () {
  this.timeout(180_000);
  let web: WebUnderTest;
  let office: ApiClient;
  let running: string;
  let stuck: string;
  const failedOnce = new Set<string>();

  const mainInstance = async (number: string) =>
    (await office.send<{ instances: InstanceView[] }>('GET', `/api/petitions/${number}/process`)).body
      .instances[0];

  before(async () => {
    web = await startWebUnderTest();
    const { app } = web;
    await createUser(
      app.database.pool,
      { username: 'admin', displayName: '系统管理员', roles: ['admin'], unitCode: null, password: PASSWORD },
      new Date(),
    );
    app.camunda.getZeebeGrpcApiClient().createWorker({
      taskType: 'route-petition',
      taskHandler: (job) => {
        const number = job.variables.petitionId as string;
        const title = job.variables.title as string;
        if (title.startsWith(FAIL_ONCE) && !failedOnce.has(number)) {
          failedOnce.add(number);
          return job.fail({ errorMessage: ROUTING_DOWN, retries: 0 });
        }
        return job.complete({ leadUnit: 'housing-construction', coUnits: [], line: 'ordinary' });
      },
      pollInterval: 100,
    });
    const intake = await signedIn(app, 'intake');
    const register = async (name: string, sequence: number, title?: string) => {
      const answer = await intake.send<{ petition: { number: string } }>(
        'POST',
        '/api/petitions',
        petitionInput({
          petitioner: { name, idNumber: idNumber('1981-03-03', sequence), phone: '13900139001' },
          firstTime: false,
          ...(title === undefined ? {} : { title }),
        }),
      );
      expect(answer.status).to.equal(201);
      return answer.body.petition.number;
    };
    running = await register('钱一', 1);
    stuck = await register('孙二', 2, `${FAIL_ONCE}楼顶漏水`);
    office = await signedIn(app, 'office');
    await eventually(async () =>
      (await mainInstance(running))?.activeElementIds.includes('triage') ? true : undefined,
    );
    await eventually(async () =>
      (await mainInstance(stuck))?.incidents.some((i) => i.state === 'ACTIVE') ? true : undefined,
    );
  });
  after(async () => {
    await web?.close();
  });

  it('draws the instance: the active step, the flows taken, and the history in time order', async () => {
    const { page, errors, close } = await signInAs(web, 'office', `/petitions/${running}/process`);
    try {
      await drawn(page, 'triage', '.xf-active').waitFor();
      // The model is drawn whole, with the completed routing task and the flows to triage in green.
      expect(await diagram(page).locator('g.djs-shape').count()).to.be.greaterThan(20);
      expect(await drawn(page, 'route', '.xf-completed').count()).to.equal(1);
      expect(await diagram(page).locator('g.djs-connection.xf-taken').count()).to.be.at.least(2);
      expect(await page.locator('[data-test="instance-state"]').textContent()).to.contain('运行中');
      // No incidents here: the history is shown first.
      const steps = await page.locator('[data-test="history-step"]').allTextContents();
      expect(steps).to.include('登记');
      expect(steps.some((step) => step.includes('开始'))).to.equal(true);
      // Not an administrator: no repairs offered.
      expect(await page.locator('[data-test="move-instance"]').count()).to.equal(0);
      expect(await scrollsSideways(page)).to.equal(false);
      await screenshot(page, 'process-view');
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('shows an incident to a reader without repairs, and lets the administrator resolve it', async () => {
    const reader = await signInAs(web, 'office', `/petitions/${stuck}/process`);
    try {
      await drawn(reader.page, 'route', '.xf-incident').waitFor();
      await reader.page.locator('[data-test="incident-alert"]').waitFor();
      expect(await reader.page.locator('[data-test="incident-message"]').allTextContents()).to.deep.equal([
        ROUTING_DOWN,
      ]);
      expect(await reader.page.locator('[data-test="resolve-incident"]').count()).to.equal(0);
      expect(await reader.page.locator('[data-test="move-instance"]').count()).to.equal(0);
      expect(reader.errors).to.deep.equal([]);
    } finally {
      await reader.close();
    }

    const { page, errors, close } = await signInAs(web, 'admin', `/petitions/${stuck}/process`);
    try {
      // The badge on the stuck task counts its incidents and tells their message.
      const badge = diagram(page).locator('[data-test="badge-route"]');
      expect(await badge.textContent()).to.equal('1');
      await badge.click();
      expect(await page.locator('.el-message-box').textContent()).to.contain(ROUTING_DOWN);
      await confirmMessageBox(page);

      await page.locator('[data-test="resolve-incident"]').click();
      await page.locator('[data-test="repair-submit"]').click();
      await confirmMessageBox(page);
      await page.locator('.el-message--success').waitFor();

      // The job runs again and the instance moves on to triage.
      await eventually(async () =>
        (await mainInstance(stuck))?.activeElementIds.includes('triage') ? true : undefined,
      );
      await page.locator('[data-test="refresh"]').click();
      await drawn(page, 'triage', '.xf-active').waitFor();
      expect(await page.locator('[data-test="incident-alert"]').count()).to.equal(0);
      expect(await drawn(page, 'route', '.xf-incident').count()).to.equal(0);
      expect(await diagram(page).locator('[data-test="badge-route"]').count()).to.equal(0);
      const instance = (await mainInstance(stuck))!;
      expect(instance.incidents.map((i) => i.state)).to.deep.equal(['RESOLVED']);

      // Moving the instance: the active triage is terminated and triage, picked in the diagram,
      // activated again.
      await page.locator('[data-test="move-instance"]').click();
      const move = page.locator('[data-test="move-dialog"]');
      await move.waitFor();
      await drawn(page, 'triage').click();
      expect(await move.locator('[data-test="move-target"]').textContent()).to.contain('分办');
      await move.locator('[data-test="move-submit"]').click();
      await confirmMessageBox(page);
      await page.locator('.el-message--success', { hasText: '实例已移动' }).waitFor();
      const moved = await eventually(async () => {
        const elements = (await mainInstance(stuck))!.elements.filter((e) => e.elementId === 'triage');
        return elements.length === 2 ? elements : undefined;
      });
      expect(moved.map((e) => e.state).sort()).to.deep.equal(['ACTIVE', 'TERMINATED']);
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('lists the models, shows a version, refuses a broken upload and deploys a changed model', async () => {
    const designer = await signedIn(web.app, 'designer');
    const latest = async (id: string) =>
      (await designer.send<Catalog>('GET', '/api/models')).body.processes.find(
        (p) => p.processDefinitionId === id,
      )?.latestVersion;
    const recheck = readFileSync(new URL('../../bpmn/petition-recheck.bpmn', import.meta.url), 'utf8');
    const broken = readFileSync(new URL('../lint/fixtures/unknown-job-type.bpmn', import.meta.url), 'utf8');

    const { page, errors, close } = await signInAs(web, 'designer', '/models');
    try {
      await page.locator('[data-test="version-petition-1"]').waitFor();
      await page.locator('[data-test="version-petition-recheck-1"]').waitFor();
      // The first process's latest version is shown at once; another version opens on a click.
      await drawn(page, 'triage').waitFor();
      await page
        .locator('[data-test="process-table"] tr', {
          has: page.locator('[data-test="version-petition-recheck-1"]'),
        })
        .locator('[data-test="view-version"]')
        .click();
      await drawn(page, 'notify-re-review-decision').waitFor();
      expect(await page.locator('[data-test="diagram-title"]').textContent()).to.contain('第 1 版');

      // A model with an unknown job type: the lint names the element and rule, nothing can be deployed.
      await page.locator('[data-test="deploy-open"]').click();
      const dialog = page.locator('[data-test="deploy-dialog"]');
      await dialog.locator('input[type="file"]').setInputFiles({
        name: 'petition-recheck.bpmn',
        mimeType: 'application/xml',
        buffer: Buffer.from(broken),
      });
      await dialog.locator('[data-test="lint-summary"]').waitFor();
      expect(await dialog.locator('[data-test="lint-summary"]').textContent()).to.contain('不能部署');
      const problem = dialog.locator('[data-test="lint-items"] tr', { hasText: 'xinfang/job-worker' });
      expect(await problem.textContent()).to.contain('notify-re-review-decision');
      expect(await problem.textContent()).to.contain('送达复核意见');
      await problem.click();
      await dialog
        .locator('g.djs-element[data-element-id="notify-re-review-decision"].xf-selected')
        .waitFor();
      expect(
        await dialog.locator('g[data-element-id="notify-re-review-decision"].xf-lint-error').count(),
      ).to.equal(1);
      expect(await dialog.locator('[data-test="deploy-submit"]').isDisabled()).to.equal(true);
      expect(await latest('petition-recheck')).to.equal(1);

      // The same process, changed: it passes and becomes version 2.
      await dialog.locator('input[type="file"]').setInputFiles({
        name: 'petition-recheck.bpmn',
        mimeType: 'application/xml',
        buffer: Buffer.from(recheck.replace('name="信访事项复查复核"', 'name="信访事项复查复核（修订）"')),
      });
      await dialog.locator('[data-test="lint-summary"]', { hasText: '检查通过' }).waitFor();
      await dialog.locator('[data-test="deploy-submit"]').click();
      await confirmMessageBox(page);
      await page.locator('[data-test="version-petition-recheck-2"]').waitFor();
      expect(await latest('petition-recheck')).to.equal(2);
      await drawn(page, 'notify-re-review-decision').waitFor();
      expect(await page.locator('[data-test="diagram-title"]').textContent()).to.contain('第 2 版');
      const row = page.locator('[data-test="process-table"] tr', {
        has: page.locator('[data-test="version-petition-recheck-2"]'),
      });
      expect(await row.textContent()).to.contain('designer');
      expect(await scrollsSideways(page)).to.equal(false);
      await screenshot(page, 'models');
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });
});
