// The built web app as the server serves it: pages fall back to index.html (the browser routes),
// hashed assets are cached for good, index.html never, and API addresses never get a page.
// A small stand-in build in a temporary folder keeps this test independent of Vite.
import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import { createAppServer, listen, type ListeningServer } from '../../src/app/server.js';
import { staleReason } from '../../src/app/web/build.js';
import { loadConfig } from '../../src/config/index.js';

const up = () => Promise.resolve(true);
const INDEX =
  '<!doctype html><html><body><div id="app"></div><script type="module" src="/assets/main-abc123.js"></script></body></html>';

describe('web app serving', () => {
  let dir: string;
  let server: ListeningServer;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xf-web-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), INDEX);
    writeFileSync(path.join(dir, 'assets', 'main-abc123.js'), 'console.log("app")');
    writeFileSync(path.join(dir, 'favicon.ico'), 'icon');
    const app = createAppServer({
      config: loadConfig({}),
      logger: pino({ level: 'silent' }),
      readiness: { database: up, engine: up, workers: up },
      webDir: dir,
    });
    server = await listen(app, 0, '127.0.0.1');
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers index.html for a page address, never cached, under the CSP', async () => {
    const response = await fetch(`${server.url}/tasks/12345`, { headers: { Accept: 'text/html' } });

    expect(response.status).to.equal(200);
    expect(await response.text()).to.equal(INDEX);
    expect(response.headers.get('cache-control')).to.equal('no-cache');
    expect(response.headers.get('content-security-policy')).to.contain("script-src 'self'");
  });

  it('serves hashed assets with a long cache and a 404 for a missing one', async () => {
    const asset = await fetch(`${server.url}/assets/main-abc123.js`);
    expect(asset.status).to.equal(200);
    expect(asset.headers.get('cache-control')).to.contain('immutable');

    const missing = await fetch(`${server.url}/assets/gone-000.js`, { headers: { Accept: 'text/html' } });
    expect(missing.status).to.equal(404);
    expect(await missing.text()).not.to.equal(INDEX);
  });

  it('keeps API, health and metrics addresses out of the page fallback', async () => {
    for (const address of ['/api/nothing-here', '/health/x', '/metrics/x', '/ready/x']) {
      const response = await fetch(`${server.url}${address}`, { headers: { Accept: 'text/html' } });
      expect(response.status, address).to.equal(404);
      expect(response.headers.get('content-type'), address).to.contain('json');
    }
  });

  it('does not answer a page to a client that wants JSON', async () => {
    const response = await fetch(`${server.url}/tasks`, { headers: { Accept: 'application/json' } });
    expect(response.status).to.equal(404);
  });
});

describe('web app build check', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'xf-web-src-'));
    mkdirSync(path.join(root, 'src', 'areas'), { recursive: true });
    mkdirSync(path.join(root, 'dist'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

  it('is stale when not built, when a source is newer than the build, and fresh otherwise', () => {
    const source = path.join(root, 'src', 'areas', 'Page.vue');
    const built = path.join(root, 'dist', 'index.html');
    writeFileSync(source, '<template />');
    at(source, 1_000);
    expect(staleReason(path.join(root, 'src'), path.join(root, 'dist'))).to.equal('not built yet');

    writeFileSync(built, INDEX);
    at(built, 2_000_000_000);
    expect(staleReason(path.join(root, 'src'), path.join(root, 'dist'))).to.equal(undefined);

    at(source, 2_000_000_100);
    expect(staleReason(path.join(root, 'src'), path.join(root, 'dist'))).to.equal(
      'sources changed since the last build',
    );
  });
});
