// Browser tests: the real app (engine, API, built web app) driven by Debian's Chromium through
// playwright-core. Pages open at 1366×768, the office screen the app is made for; every console
// error (a CSP violation, a failed script) is collected so a test can insist there were none.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureWebBuilt } from '../../../src/app/web/build.js';
import { logger, PASSWORD, startAppUnderTest, type AppUnderTest } from '../../app/support.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1366, height: 768 };

const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));
/** README pictures: refreshed from a test run with UPDATE_SCREENSHOTS=1. */
const DOCS_SCREENSHOT_DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface WebUnderTest {
  app: AppUnderTest;
  browser: Browser;
  baseUrl: string;
  close: () => Promise<void>;
}

/** The app with its web pages (built first when stale) and a browser; `workers`: the real job workers too. */
export async function startWebUnderTest(options: { workers?: boolean } = {}): Promise<WebUnderTest> {
  const webDir = await ensureWebBuilt(logger);
  const app = await startAppUnderTest({ webDir, workers: options.workers === true });
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    app,
    browser,
    baseUrl: app.server.url,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

const EXPECTED_REFUSAL = /^Failed to load resource: the server responded with a status of 4\d\d/;

export interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  close: () => Promise<void>;
}

/** A fresh browser profile (no cookies) showing `path`. */
export async function openPage(web: WebUnderTest, pathname = '/', locale = 'zh-CN'): Promise<OpenPage> {
  const context = await web.browser.newContext({ viewport: VIEWPORT, locale, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    // A 4xx answer of the API is an answer the page handles (sign-in refused, session over).
    if (message.type() === 'error' && !EXPECTED_REFUSAL.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(new URL(pathname, web.baseUrl).href);
  return { page, context, errors, close: () => context.close() };
}

/** Signs in through the login page; answers once the first page after sign-in has loaded. */
export async function signInAs(web: WebUnderTest, username: string, pathname = '/'): Promise<OpenPage> {
  const opened = await openPage(web, pathname);
  const { page } = opened;
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('[data-test="login-submit"]').click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.locator('[data-test="current-user"]').waitFor();
  return opened;
}

/** Saves a screenshot under test-results/screenshots (and docs/screenshots with UPDATE_SCREENSHOTS=1). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(DOCS_SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(DOCS_SCREENSHOT_DIR, `${name}.png`) });
  }
}

/** Whether the page scrolls sideways (it must not on a 1366-pixel screen). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  // A string, evaluated in the page: the tests are typed for Node, without the DOM's types.
  const sideways = await page.evaluate(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth',
  );
  return sideways === true;
}
