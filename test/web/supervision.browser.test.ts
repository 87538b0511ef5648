// The supervisors' pages in Chromium: the dashboard shows the API's figures, draws its charts,
// follows a new registration on refresh and exports a workbook; the search finds by a Chinese
// word, pages, and keeps its filters in the address; a unit user sees only their unit's cases and
// not the dashboard.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { applyTriage, getPetitionByNumber } from '../../src/domain/petitions/index.js';
import { createUser } from '../../src/domain/users/index.js';
import { PASSWORD, idNumber, petitionInput, signedIn, type ApiClient } from '../app/support.js';
import {
  screenshot,
  scrollsSideways,
  signInAs,
  startWebUnderTest,
  type WebUnderTest,
} from './support/browser.js';

interface Registered {
  petition: { number: string };
}

/** Waits until `check` holds (the page's CSP forbids waitForFunction's evaluated strings). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** More than one page of 20. */
const PETITIONS = 21;

describe('web app: supervision pages (browser)', function () {
  this.timeout(180_000);
  let web: WebUnderTest;
  let intake: ApiClient;
  let sequence = 0;
  const numbers: string[] = [];
  let landCase: string;
  let housingCase: string;

  async function register(overrides: Record<string, unknown> = {}): Promise<string> {
    sequence += 1;
    const answer = await intake.send<Registered>(
      'POST',
      '/api/petitions',
      petitionInput({
        petitioner: {
          name: `信访人${sequence}`,
          idNumber: idNumber('1970-03-01', 100 + sequence),
          phone: `1380013${String(8000 + sequence)}`,
        },
        title: `第${sequence}号事项：路灯不亮`,
        content: `城关镇某路段第${sequence}处路灯长期不亮，夜间出行不便，请求维修。`,
        category: 'housing-security',
        ...overrides,
      }),
    );
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    numbers.push(answer.body.petition.number);
    return answer.body.petition.number;
  }

  before(async () => {
    web = await startWebUnderTest();
    const pool = web.app.database.pool;
    for (const [username, role] of [
      ['supervisor', 'supervisor'],
      ['leader', 'leader'],
    ] as const) {
      await createUser(
        pool,
        {
          username,
          displayName: username === 'supervisor' ? '督查专员' : '县领导',
          password: PASSWORD,
          roles: [role],
          unitCode: null,
        },
        new Date(),
      );
    }
    intake = await signedIn(web.app, 'intake');
    landCase = await register({
      title: '村民反映土地问题',
      content: '我们村被征收的承包地，征地补偿款至今没有发放到户。',
      category: 'land-acquisition',
    });
    housingCase = await register({ title: '安置房漏雨', content: '安置房顶层漏雨，请求维修。' });
    const petition = (await getPetitionByNumber(pool, housingCase))!;
    await applyTriage(
      pool,
      petition.id,
      {
        kind: 'appeal',
        procedure: 'normal',
        riskLevel: 'low',
        leadUnit: 'housing-construction',
        coUnits: [],
      },
      { at: new Date(), actor: 'office' },
    );
    while (numbers.length < PETITIONS) await register();
  });
  after(async () => {
    await web?.close();
  });

  it('shows the dashboard’s figures and charts, follows a new registration and exports Excel', async () => {
    const supervisor = await signedIn(web.app, 'supervisor');
    const before = await supervisor.send<{ registrations: { total: number } }>('GET', '/api/dashboard');
    expect(before.status).to.equal(200);
    expect(before.body.registrations.total).to.be.at.least(PETITIONS);

    const { page, errors, close } = await signInAs(web, 'supervisor', '/dashboard');
    try {
      const total = page.locator('[data-test="kpi-registrations-value"]');
      await total.waitFor();
      expect((await total.textContent())?.trim()).to.equal(String(before.body.registrations.total));
      await page.locator('[data-test="chart-stages"] canvas').first().waitFor();
      expect(await page.locator('[data-test="chart-trend"] canvas').count()).to.be.at.least(1);
      expect(await scrollsSideways(page)).to.equal(false);
      await screenshot(page, 'dashboard');
      // The numbers behind a chart.
      await page.locator('[data-test="chart-stages-toggle"]').click();
      const table = await page.locator('[data-test="chart-stages-table"]').textContent();
      expect(table).to.contain('已登记');

      await register({ title: '新登记的事项', content: '刷新后应计入登记量。' });
      await page.locator('[data-test="dashboard-refresh"]').click();
      const expected = String(before.body.registrations.total + 1);
      await until(async () => (await total.textContent())?.trim() === expected, 'the new count');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-test="dashboard-export"]').click(),
      ]);
      expect(download.suggestedFilename()).to.match(/\.xlsx$/);
      const file = readFileSync(await download.path());
      expect(file.subarray(0, 2).toString('latin1')).to.equal('PK');
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('finds a petition by a Chinese word, pages through the results and keeps the search in the address', async () => {
    const { page, errors, close } = await signInAs(web, 'leader', '/petitions');
    try {
      const total = page.locator('[data-test="search-total"]');
      const links = page.locator('[data-test="petition-link"]');
      await until(
        async () => (await total.textContent())?.includes(String(numbers.length)) === true,
        'the total',
      );
      expect(await page.locator('[data-test="petition-link"]').count()).to.equal(20);
      expect(await scrollsSideways(page)).to.equal(false);
      await screenshot(page, 'search');

      await page.locator('[data-test="search-pager"] .btn-next').click();
      await page.waitForURL((url) => url.searchParams.get('page') === '2');
      await until(async () => (await links.count()) === numbers.length - 20, 'the second page');

      await page.locator('input[data-test="search-q"]').fill('征地补偿');
      await page.locator('[data-test="search-submit"]').click();
      await page.waitForURL(
        (url) => url.searchParams.get('q') === '征地补偿' && !url.searchParams.has('page'),
      );
      await until(async () => (await links.count()) === 1, 'one result');
      expect(await page.locator('[data-test="petition-link"]').textContent()).to.equal(landCase);
      expect(await total.textContent()).to.contain('1');

      // Back returns to the second page of everything.
      await page.goBack();
      await page.waitForURL((url) => url.searchParams.get('page') === '2' && !url.searchParams.has('q'));
      await until(async () => (await links.count()) === numbers.length - 20, 'the second page');

      await page.goForward();
      await page.locator('[data-test="petition-link"]', { hasText: landCase }).click();
      await page.waitForURL((url) => url.pathname === `/petitions/${landCase}`);
      await page.locator('[data-test="petition-title"]', { hasText: '村民反映土地问题' }).waitFor();
      expect(await page.locator('[data-test="petition-process"]').count()).to.equal(1);
      await page
        .locator('[data-test="petition-file"] [data-test="file-number"]', { hasText: landCase })
        .waitFor();
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('shows a unit user only their unit’s petitions and not the dashboard', async () => {
    const { page, errors, close } = await signInAs(web, 'housing', '/petitions');
    try {
      const links = page.locator('[data-test="petition-link"]');
      await until(async () => (await links.count()) === 1, 'one result');
      expect(await page.locator('[data-test="petition-link"]').textContent()).to.equal(housingCase);
      expect(await page.locator('[data-test="search-total"]').textContent()).to.contain('1');
      expect(await page.locator('[data-test="search-unit"]').count()).to.equal(0);

      // The header shows what the file read; another unit's petition gets one clear message.
      await page.goto(new URL(`/petitions/${housingCase}`, web.baseUrl).href);
      await page.locator('[data-test="petition-title"]', { hasText: '安置房漏雨' }).waitFor();
      await page.goto(new URL(`/petitions/${landCase}`, web.baseUrl).href);
      const missing = page.locator('[data-test="petition-missing"]');
      await missing.waitFor();
      expect(await missing.textContent()).to.contain(landCase);
      expect(await page.locator('[data-test="petition-file"]').isVisible()).to.equal(false);
      expect(await page.locator('[data-test="petition-process"]').count()).to.equal(0);

      await page.goto(new URL('/dashboard', web.baseUrl).href);
      await page.locator('[data-test="forbidden"]').waitFor();
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });
  it('shows a unit head the figures of their own unit, without the unit filter', async () => {
    const head = await signedIn(web.app, 'housing-head');
    const figures = await head.send<{ registrations: { total: number }; unit: { name: string } }>(
      'GET',
      '/api/dashboard',
    );
    expect(figures.status).to.equal(200);
    const { page, errors, close } = await signInAs(web, 'housing-head', '/dashboard');
    try {
      const total = page.locator('[data-test="kpi-registrations-value"]');
      await total.waitFor();
      expect((await total.textContent())?.trim()).to.equal(String(figures.body.registrations.total));
      expect(await page.locator('[data-test="dashboard-own-unit"]').textContent()).to.contain(
        figures.body.unit.name,
      );
      expect(await page.locator('[data-test="dashboard-unit"]').count()).to.equal(0);
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });
});
