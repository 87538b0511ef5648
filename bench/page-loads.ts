// Page loads as a clerk sees them: Chromium opens each page of the web app against the seeded
// database and the clock runs from navigation start until the page's last request (its code,
// loaded route by route, and its API answers) has been answered: the page shows its data. One cold
// load in a fresh profile (an open tab, empty cache: the first visit), then warm loads with the
// browser's cache, as in an office where the app stays open all day.
import type { Browser, Page } from 'playwright-core';
import { percentile, round } from './stats.js';

const WARM_LOADS = Number(process.env.BENCH_PAGE_LOADS ?? 10);
/**
 * How long the page must stay without any request in flight to count as loaded (not counted in
 * the time). Long enough to cover the gap between a route's code arriving and its API calls.
 */
const QUIET_MS = 500;

export interface PageTarget {
  page: string;
  path: string;
  username: string;
}

export interface PageLoad extends PageTarget {
  coldMs: number;
  loads: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  apiCalls: number;
}

/** Loads `path` and answers the milliseconds until its last answer, and how many API calls it made. */
async function timedLoad(page: Page, base: string, path: string): Promise<{ ms: number; apiCalls: number }> {
  let inFlight = 0;
  let calls = 0;
  let lastAnswer = 0;
  let lastChange = performance.now();
  const isApi = (url: string) => new URL(url).pathname.startsWith('/api/');
  const started = (request: { url(): string }) => {
    inFlight++;
    if (isApi(request.url())) calls++;
    lastChange = performance.now();
  };
  const ended = () => {
    inFlight--;
    lastAnswer = lastChange = performance.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  try {
    const start = performance.now();
    await page.goto(new URL(path, base).href, { waitUntil: 'load' });
    while (inFlight > 0 || performance.now() - lastChange < QUIET_MS) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const end = Math.max(lastAnswer, start);
    return { ms: end - start, apiCalls: calls };
  } finally {
    page.off('request', started);
    page.off('requestfinished', ended);
    page.off('requestfailed', ended);
  }
}

export async function measurePageLoads(
  browser: Browser,
  base: string,
  password: string,
  targets: readonly PageTarget[],
  log: (line: string) => void,
): Promise<PageLoad[]> {
  const results: PageLoad[] = [];
  for (const target of targets) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    try {
      const login = await context.request.post(new URL('/api/session', base).href, {
        data: { username: target.username, password },
      });
      if (!login.ok()) throw new Error(`sign-in of ${target.username}: ${login.status()}`);
      const page = await context.newPage();
      // The tab is open (its renderer started), as a clerk's browser is; its cache is empty.
      await page.goto('about:blank');
      const cold = await timedLoad(page, base, target.path);
      const times: number[] = [];
      for (let i = 0; i < WARM_LOADS; i++) times.push((await timedLoad(page, base, target.path)).ms);
      const result: PageLoad = {
        ...target,
        coldMs: round(cold.ms),
        loads: WARM_LOADS,
        p50Ms: round(percentile(times, 50)),
        p99Ms: round(percentile(times, 99)),
        maxMs: round(Math.max(...times)),
        apiCalls: cold.apiCalls,
      };
      log(
        `page loads: ${target.page} ${target.path}: cold ${result.coldMs} ms, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
      );
      results.push(result);
    } finally {
      await context.close();
    }
  }
  return results;
}
