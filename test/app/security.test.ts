// CSRF protection of cookie sessions, the Origin check, the security headers, and what a trusted
// reverse proxy changes (HTTPS: Secure cookie and HSTS; the client's address in the audit log).
import crypto from 'node:crypto';
import { expect } from 'chai';
import { createAppServer, listen, type ListeningServer } from '../../src/app/server.js';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { ApiClient, PASSWORD, logger, signedIn, startAppUnderTest, type AppUnderTest } from './support.js';

const CSRF_PROBLEM = 'urn:xinfang-flow:problem:csrf';

/** A raw request with exactly these headers (the client would add its token). */
async function raw(url: string, method: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as Record<string, unknown>,
  };
}

describe('API security', function () {
  this.timeout(30_000);
  let app: AppUnderTest;

  before(async () => (app = await startAppUnderTest({ deploy: false })));
  after(() => app.close());

  const stillSignedIn = async (cookie: string) =>
    (await raw(`${app.server.url}/api/session`, 'GET', { cookie })).status === 200;

  describe('CSRF', () => {
    it('refuses an unsafe cookie request without the token, in Chinese, and changes nothing', async () => {
      const client = await signedIn(app, 'office');

      const answer = await raw(`${app.server.url}/api/session`, 'DELETE', { cookie: client.cookie! });

      expect(answer.status).to.equal(403);
      expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(answer.body).to.deep.equal({
        type: CSRF_PROBLEM,
        title: '请求被拒绝',
        status: 403,
        detail: '请求缺少安全校验码（X-CSRF-Token），请刷新页面后重试。',
      });
      expect(await stillSignedIn(client.cookie!)).to.equal(true);
    });

    it("refuses a wrong token and another session's token", async () => {
      const client = await signedIn(app, 'office');
      const other = await signedIn(app, 'office');

      for (const token of ['x'.repeat(43), other.csrfToken!]) {
        const answer = await raw(`${app.server.url}/api/session`, 'DELETE', {
          cookie: client.cookie!,
          'x-csrf-token': token,
        });
        expect(answer.status).to.equal(403);
        expect(answer.body).to.include({
          type: CSRF_PROBLEM,
          detail: '安全校验码（X-CSRF-Token）不正确，请刷新页面后重试。',
        });
      }
      expect(await stillSignedIn(client.cookie!)).to.equal(true);
    });

    it('accepts the token the session answered (POST, PATCH, DELETE)', async () => {
      const client = await signedIn(app, 'housing');

      // Past the CSRF check, the route's own rules answer (403 forbidden role, 404 unknown task).
      const register = await raw(
        `${app.server.url}/api/petitions`,
        'POST',
        { cookie: client.cookie!, 'x-csrf-token': client.csrfToken! },
        {},
      );
      expect(register.status).to.equal(403);
      expect(register.body.type).to.equal('urn:xinfang-flow:problem:forbidden');
      const patch = await raw(
        `${app.server.url}/api/admin/users/office`,
        'PATCH',
        { cookie: client.cookie!, 'x-csrf-token': client.csrfToken! },
        { displayName: '改名' },
      );
      expect(patch.status).to.equal(403);
      expect(patch.body.type).to.equal('urn:xinfang-flow:problem:forbidden');
      const out = await raw(`${app.server.url}/api/session`, 'DELETE', {
        cookie: client.cookie!,
        'x-csrf-token': client.csrfToken!,
      });
      expect(out.status).to.equal(204);
    });

    it('lets safe requests through without the token', async () => {
      const client = await signedIn(app, 'office');
      expect(
        (await raw(`${app.server.url}/api/categories`, 'GET', { cookie: client.cookie! })).status,
      ).to.equal(200);
    });

    it('exempts bearer requests, which no other site can make a browser send', async () => {
      const login = await new ApiClient(app.server.url).send('POST', '/api/session', {
        username: 'housing',
        password: PASSWORD,
        bearer: true,
      });
      const authorization = `Bearer ${login.body.token as string}`;

      const register = await raw(`${app.server.url}/api/petitions`, 'POST', { authorization }, {});
      expect(register.body.type).to.equal('urn:xinfang-flow:problem:forbidden');
      expect((await raw(`${app.server.url}/api/session`, 'DELETE', { authorization })).status).to.equal(204);
    });

    it('does not fall back to the cookie when a bearer token is malformed', async () => {
      const client = await signedIn(app, 'office');
      const answer = await raw(`${app.server.url}/api/session`, 'DELETE', {
        cookie: client.cookie!,
        authorization: 'Bearer not-a-token',
      });
      expect(answer.status).to.equal(401);
      expect(await stillSignedIn(client.cookie!)).to.equal(true);
    });
  });

  describe('Origin', () => {
    it('refuses an unsafe cookie request from another site even with the token', async () => {
      const client = await signedIn(app, 'office');
      const host = new URL(app.server.url).host;

      for (const origin of ['http://evil.example', `https://${host}.evil.example`, 'null']) {
        const answer = await raw(`${app.server.url}/api/session`, 'DELETE', {
          cookie: client.cookie!,
          'x-csrf-token': client.csrfToken!,
          origin,
        });
        expect(answer.status, origin).to.equal(403);
        expect(answer.body).to.include({
          type: CSRF_PROBLEM,
          detail: '请求来自其他网站，已拒绝。请在本系统的页面中操作。',
        });
      }
      expect(await stillSignedIn(client.cookie!)).to.equal(true);

      const same = await raw(`${app.server.url}/api/session`, 'DELETE', {
        cookie: client.cookie!,
        'x-csrf-token': client.csrfToken!,
        origin: app.server.url,
      });
      expect(same.status).to.equal(204);
    });

    it('refuses a sign-in posted by another site, and accepts one from the app or without Origin', async () => {
      const body = { username: 'office', password: PASSWORD };
      const foreign = await raw(
        `${app.server.url}/api/session`,
        'POST',
        { origin: 'http://evil.example' },
        body,
      );
      expect(foreign.status).to.equal(403);
      expect(foreign.headers.get('set-cookie')).to.equal(null);

      expect(
        (await raw(`${app.server.url}/api/session`, 'POST', { origin: app.server.url }, body)).status,
      ).to.equal(200);
      expect((await raw(`${app.server.url}/api/session`, 'POST', {}, body)).status).to.equal(200);
    });
  });

  describe('headers', () => {
    it('sends a Content-Security-Policy for the same-origin web app, and no HSTS over HTTP', async () => {
      for (const path of ['/health', '/api/session', '/no/such/page']) {
        const response = await fetch(`${app.server.url}${path}`);
        const policy = response.headers.get('content-security-policy') ?? '';
        const directives = Object.fromEntries(
          policy.split(';').map((part) => {
            const [name = '', ...values] = part.trim().split(/\s+/);
            return [name, values.join(' ')];
          }),
        );
        expect(directives, path).to.include({
          'default-src': "'self'",
          'script-src': "'self'",
          'style-src': "'self' 'unsafe-inline'",
          'img-src': "'self' data: blob:",
          'font-src': "'self' data:",
          'connect-src': "'self'",
          'worker-src': "'self' blob:",
          'frame-ancestors': "'none'",
          'object-src': "'none'",
        });
        expect(directives).not.to.have.property('upgrade-insecure-requests');
        expect(response.headers.get('referrer-policy')).to.equal('same-origin');
        expect(response.headers.get('x-frame-options')).to.equal('DENY');
        expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
        expect(response.headers.get('strict-transport-security')).to.equal(null);
        expect(response.headers.get('x-powered-by')).to.equal(null);
      }
    });

    it('does not mark the session cookie Secure over plain HTTP', async () => {
      const answer = await new ApiClient(app.server.url).send('POST', '/api/session', {
        username: 'office',
        password: PASSWORD,
      });
      expect(answer.headers.get('set-cookie')).not.to.match(/;\s*Secure/i);
    });
  });

  describe('behind a reverse proxy', () => {
    let proxied: ListeningServer;

    /** The same API, with TRUST_PROXY naming the loopback address the test's requests come from. */
    before(async () => {
      const config = loadConfig({ TRUST_PROXY: 'loopback', LOG_LEVEL: 'silent' });
      const up = () => Promise.resolve(true);
      proxied = await listen(
        createAppServer({
          config,
          logger,
          readiness: { database: up, engine: up, workers: up },
          api: app.api,
        }),
        0,
        '127.0.0.1',
      );
    });
    after(() => proxied.close());

    const login = (url: string, headers: Record<string, string>) =>
      raw(`${url}/api/session`, 'POST', headers, { username: 'intake', password: PASSWORD });

    it('marks the cookie Secure and sends HSTS when the trusted proxy says HTTPS', async () => {
      const answer = await login(proxied.url, { 'x-forwarded-proto': 'https' });

      expect(answer.status).to.equal(200);
      expect(answer.headers.get('set-cookie')).to.match(/;\s*Secure/i);
      expect(answer.headers.get('strict-transport-security')).to.equal('max-age=31536000');
      const plain = await login(proxied.url, {});
      expect(plain.headers.get('set-cookie')).not.to.match(/;\s*Secure/i);
      expect(plain.headers.get('strict-transport-security')).to.equal(null);
    });

    it('ignores X-Forwarded-* without TRUST_PROXY', async () => {
      const answer = await login(app.server.url, {
        'x-forwarded-proto': 'https',
        'x-forwarded-for': '10.9.8.7',
      });

      expect(answer.headers.get('set-cookie')).not.to.match(/;\s*Secure/i);
      expect(answer.headers.get('strict-transport-security')).to.equal(null);
      const last = await app.database.pool.query<{ ip: string }>(
        "SELECT ip FROM app.audit_log WHERE action = 'session.login' ORDER BY id DESC LIMIT 1",
      );
      expect(last.rows[0]!.ip).not.to.contain('10.9.8.7');
    });

    it("audits the client's address as the trusted proxy reports it", async () => {
      await login(proxied.url, { 'x-forwarded-for': '10.20.30.40' });
      const last = await app.database.pool.query<{ ip: string }>(
        "SELECT ip FROM app.audit_log WHERE action = 'session.login' ORDER BY id DESC LIMIT 1",
      );
      expect(last.rows[0]!.ip).to.equal('10.20.30.40');
    });

    it('compares Origin with the host the proxy forwards', async () => {
      const client = new ApiClient(proxied.url);
      await client.login('office');
      const answer = await raw(`${proxied.url}/api/session`, 'DELETE', {
        cookie: client.cookie!,
        'x-csrf-token': client.csrfToken!,
        'x-forwarded-host': 'xinfang.county.example',
        origin: 'https://xinfang.county.example',
      });
      expect(answer.status).to.equal(204);
    });
  });

  describe('TRUST_PROXY', () => {
    it('takes true/false, a number of hops, or addresses and subnets', () => {
      expect(loadConfig({}).trustProxy).to.equal(false);
      expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).to.equal(true);
      expect(loadConfig({ TRUST_PROXY: 'FALSE' }).trustProxy).to.equal(false);
      expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).to.equal(1);
      expect(
        loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8,192.168.1.5' }).trustProxy,
      ).to.deep.equal(['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.5']);
    });

    it('names a bad value', () => {
      for (const value of ['10.0.0.0/33', 'proxy.county.example', 'yes please', '10.0.0.1/8/1']) {
        try {
          loadConfig({ TRUST_PROXY: value });
          expect.fail(`accepted ${value}`);
        } catch (error: unknown) {
          expect(error, value).to.be.instanceOf(ConfigError);
          expect((error as ConfigError).problems.join('\n')).to.contain('TRUST_PROXY');
        }
      }
    });
  });

  it('derives the CSRF token from the session token without revealing it', async () => {
    const client = await signedIn(app, 'office');
    const token = client.cookie!.split('=')[1]!;
    expect(client.csrfToken).to.equal(
      crypto.createHash('sha256').update(`csrf:${token}`).digest('base64url'),
    );
    expect(client.csrfToken).not.to.contain(token);
  });
});
