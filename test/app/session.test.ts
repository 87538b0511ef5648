// Sign-in, sessions and roles: cookie and bearer sessions, expiry, and the 401s that do not tell
// which part of a login was wrong.
import crypto from 'node:crypto';
import { expect } from 'chai';
import { ApiClient, PASSWORD, signedIn, startAppUnderTest, type AppUnderTest } from './support.js';

describe('API sessions', function () {
  this.timeout(30_000);
  let app: AppUnderTest;

  before(async () => (app = await startAppUnderTest({ deploy: false })));
  after(() => app.close());

  it('signs in with username and password and sets an HttpOnly, SameSite=Strict cookie', async () => {
    const client = new ApiClient(app.server.url);

    const answer = await client.send('POST', '/api/session', { username: 'Office', password: PASSWORD });

    expect(answer.status).to.equal(200);
    expect(answer.body.user).to.deep.equal({
      username: 'office',
      displayName: '信访局经办',
      roles: ['office'],
      unitCode: 'petition-office',
    });
    expect(answer.body).not.to.have.property('token');
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).to.match(/^xf_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).to.match(/HttpOnly/i);
    expect(cookie).to.match(/SameSite=Strict/i);

    const me = await client.send('GET', '/api/session');
    expect(me.status).to.equal(200);
    expect((me.body.user as { username: string }).username).to.equal('office');
  });

  it('stores only the SHA-256 of the token', async () => {
    const client = await signedIn(app, 'intake');
    const token = client.cookie!.split('=')[1]!;

    const rows = await app.database.pool.query<{ token_hash: string }>('SELECT token_hash FROM app.sessions');

    const hash = crypto.createHash('sha256').update(token).digest('hex');
    expect(rows.rows.map((row) => row.token_hash)).to.include(hash);
    expect(JSON.stringify(rows.rows)).not.to.contain(token);
  });

  it('answers a wrong password and an unknown user alike, in Chinese, with 401', async () => {
    const client = new ApiClient(app.server.url);

    const wrongPassword = await client.send('POST', '/api/session', {
      username: 'office',
      password: 'not the password',
    });
    const unknownUser = await client.send('POST', '/api/session', { username: 'nobody', password: PASSWORD });

    expect(wrongPassword.status).to.equal(401);
    expect(wrongPassword.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(wrongPassword.body).to.deep.equal({
      type: 'urn:xinfang-flow:problem:bad-credentials',
      title: '登录失败',
      status: 401,
      detail: '用户名或密码不正确。',
    });
    expect(unknownUser.body).to.deep.equal(wrongPassword.body);
    expect(client.cookie).to.equal(undefined);
  });

  it('names the missing fields of a login', async () => {
    const answer = await new ApiClient(app.server.url).send('POST', '/api/session', { username: 'office' });

    expect(answer.status).to.equal(400);
    expect(answer.body.errors).to.deep.equal([{ field: 'password', message: '请填写密码' }]);
  });

  it('requires a session on every other /api route', async () => {
    const anonymous = new ApiClient(app.server.url);
    for (const [method, path] of [
      ['GET', '/api/session'],
      ['DELETE', '/api/session'],
      ['POST', '/api/petitions'],
      ['GET', '/api/petitions/XF-2026-000001'],
      ['GET', '/api/tasks'],
      ['POST', '/api/tasks/1/complete'],
      ['GET', '/api/categories'],
      ['GET', '/api/areas'],
      ['GET', '/api/openapi.json'],
    ] as const) {
      const answer = await anonymous.send(method, path, method === 'POST' ? {} : undefined);
      expect(answer.status, `${method} ${path}`).to.equal(401);
      expect(answer.body).to.include({
        type: 'urn:xinfang-flow:problem:unauthenticated',
        detail: '请先登录。',
      });
    }
  });

  it('accepts the token as a bearer token when the login asks for it', async () => {
    const login = await new ApiClient(app.server.url).send('POST', '/api/session', {
      username: 'housing',
      password: PASSWORD,
      bearer: true,
    });
    const api = new ApiClient(app.server.url);
    api.bearer = login.body.token as string;

    const me = await api.send('GET', '/api/session');

    expect(me.status).to.equal(200);
    expect(me.body.user).to.include({ username: 'housing', unitCode: 'housing-construction' });
  });

  it('ends the session on sign-out', async () => {
    const client = await signedIn(app, 'office');
    const cookie = client.cookie;

    const out = await client.send('DELETE', '/api/session');

    expect(out.status).to.equal(204);
    expect(client.cookie).to.equal(undefined);
    client.cookie = cookie; // replaying the old cookie
    const after = await client.send('GET', '/api/session');
    expect(after.status).to.equal(401);
    expect(after.body.detail).to.equal('登录已失效，请重新登录。');
  });

  it('ends a session after 12 hours without a request, and slides while in use', async () => {
    const client = await signedIn(app, 'office');
    const hash = crypto.createHash('sha256').update(client.cookie!.split('=')[1]!).digest('hex');
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    await app.database.pool.query('UPDATE app.sessions SET expires_at = $2 WHERE token_hash = $1', [
      hash,
      new Date(Date.now() + 60_000),
    ]);

    expect((await client.send('GET', '/api/session')).status).to.equal(200);
    const slid = await app.database.pool.query<{ expires_at: Date }>(
      'SELECT expires_at FROM app.sessions WHERE token_hash = $1',
      [hash],
    );
    expect(slid.rows[0]!.expires_at.getTime()).to.be.greaterThan(Date.now() + 11.9 * 3_600_000);

    await app.database.pool.query('UPDATE app.sessions SET expires_at = $2 WHERE token_hash = $1', [
      hash,
      hoursAgo(0.01),
    ]);
    expect((await client.send('GET', '/api/session')).status).to.equal(401);
  });

  it('ends the sessions of a deactivated user', async () => {
    const client = await signedIn(app, 'education');
    await app.database.pool.query("UPDATE app.users SET active = false WHERE username = 'education'");

    expect((await client.send('GET', '/api/session')).status).to.equal(401);
    const again = await new ApiClient(app.server.url).send('POST', '/api/session', {
      username: 'education',
      password: PASSWORD,
    });
    expect(again.status).to.equal(401);
  });

  it('lists categories and areas with their Chinese names', async () => {
    const client = await signedIn(app, 'housing');

    const categories = await client.send<{ items: { code: string; name: string }[] }>(
      'GET',
      '/api/categories',
    );
    const areas = await client.send<{ items: { code: string; name: string }[] }>('GET', '/api/areas');

    expect(categories.status).to.equal(200);
    expect(categories.body.items).to.deep.include({
      code: 'accusation',
      name: '检举控告',
      line: 'ordinary',
      accusation: true,
    });
    expect(areas.body.items).to.deep.include({ code: 'chengguan', name: '城关镇', kind: 'town' });
  });

  it('refuses registration to roles that do not register', async () => {
    const client = await signedIn(app, 'housing');

    const answer = await client.send('POST', '/api/petitions', {});

    expect(answer.status).to.equal(403);
    expect(answer.body).to.include({
      type: 'urn:xinfang-flow:problem:forbidden',
      detail: '您的角色无权进行此操作。',
    });
  });
});
