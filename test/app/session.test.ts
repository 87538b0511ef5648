// Sign-in, sessions and roles: cookie and bearer sessions, expiry, the 401s that do not tell
// which part of a login was wrong, the lock after repeated wrong passwords, and the audit records
// of signing in and out.
import crypto from 'node:crypto';
import { expect } from 'chai';
import { createUser, LOCKOUT_MS, MAX_FAILED_SIGN_INS } from '../../src/domain/users/index.js';
import { ApiClient, PASSWORD, signedIn, startAppUnderTest, type AppUnderTest } from './support.js';

interface AuditRow {
  actor: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

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

  it('answers the CSRF token of the session on sign-in and on GET /api/session', async () => {
    const client = new ApiClient(app.server.url);
    const login = await client.send('POST', '/api/session', { username: 'office', password: PASSWORD });
    const token = client.cookie!.split('=')[1]!;

    const expected = crypto.createHash('sha256').update(`csrf:${token}`).digest('base64url');
    expect(login.body.csrfToken).to.equal(expected);
    expect((await client.send('GET', '/api/session')).body.csrfToken).to.equal(expected);
    const other = await signedIn(app, 'office');
    expect(other.csrfToken).to.be.a('string').and.not.equal(expected);
  });

  describe('lock after repeated wrong passwords', () => {
    let username: string;
    const attempt = (password: string, name = username) =>
      new ApiClient(app.server.url).send('POST', '/api/session', { username: name, password });
    const audit = async (actor: string) =>
      (
        await app.database.pool.query<AuditRow>(
          'SELECT actor, action, target, details, ip FROM app.audit_log WHERE actor = $1 ORDER BY id',
          [actor],
        )
      ).rows;
    let counter = 0;

    beforeEach(async () => {
      username = `locker-${++counter}`;
      await createUser(
        app.database.pool,
        { username, displayName: '锁定测试', password: PASSWORD, roles: ['office'], unitCode: null },
        new Date(),
      );
    });

    it(`locks the account for 15 minutes at the ${MAX_FAILED_SIGN_INS}th wrong password in a row, in Chinese`, async () => {
      for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) {
        expect((await attempt('wrong password')).status, `attempt ${i}`).to.equal(401);
      }
      const before = Date.now();
      const locking = await attempt('wrong password');

      expect(locking.status).to.equal(423);
      expect(locking.body).to.include({
        type: 'urn:xinfang-flow:problem:account-locked',
        title: '账户已锁定',
      });
      expect(locking.body.detail).to.match(/已锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);
      const lockedUntil = Date.parse(locking.body.lockedUntil as string);
      expect(lockedUntil).to.be.within(before + LOCKOUT_MS - 5_000, Date.now() + LOCKOUT_MS);
      const shown = new Date(lockedUntil + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
      expect(locking.body.detail).to.contain(shown);

      // Locked: the right password does not help, and nothing is counted meanwhile.
      const right = await attempt(PASSWORD);
      expect(right.status).to.equal(423);
      expect(right.body.lockedUntil).to.equal(locking.body.lockedUntil);
    });

    it('still answers an unknown user like any wrong password', async () => {
      for (let i = 0; i < MAX_FAILED_SIGN_INS + 1; i++) {
        const answer = await attempt('wrong password', 'no-such-user');
        expect(answer.status).to.equal(401);
        expect(answer.body).to.deep.equal({
          type: 'urn:xinfang-flow:problem:bad-credentials',
          title: '登录失败',
          status: 401,
          detail: '用户名或密码不正确。',
        });
      }
    });

    it('counts only failures in a row: a sign-in clears the count', async () => {
      for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) await attempt('wrong password');
      expect((await attempt(PASSWORD)).status).to.equal(200);
      for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) {
        expect((await attempt('wrong password')).status).to.equal(401);
      }
      expect((await attempt(PASSWORD)).status).to.equal(200);
    });

    it('lets the user in again once the lock has run out', async () => {
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await attempt('wrong password');
      expect((await attempt(PASSWORD)).status).to.equal(423);
      await app.database.pool.query('UPDATE app.users SET locked_until = $2 WHERE username = $1', [
        username,
        new Date(Date.now() - 1_000),
      ]);

      expect((await attempt(PASSWORD)).status).to.equal(200);
      // A fresh count: one more wrong password does not lock again.
      expect((await attempt('wrong password')).status).to.equal(401);
    });

    it('audits sign-ins, failures, the lock and sign-outs, with the address, never the password', async () => {
      const client = new ApiClient(app.server.url);
      await client.login(username);
      await client.send('DELETE', '/api/session');
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await attempt('wrong password');
      await attempt(PASSWORD);

      const rows = await audit(username);
      expect(rows.map((row) => row.action)).to.deep.equal([
        'session.login',
        'session.logout',
        ...Array<string>(MAX_FAILED_SIGN_INS).fill('session.login_failed'),
        'session.locked',
        'session.login_failed',
      ]);
      expect(rows[2]!.details).to.deep.equal({ reason: 'wrong-password', failedLogins: 1 });
      expect(rows.at(-2)).to.deep.include({ target: username });
      expect(rows.at(-2)!.details).to.include({ failures: MAX_FAILED_SIGN_INS });
      expect(rows.at(-1)!.details).to.deep.equal({ reason: 'locked' });
      for (const row of rows) expect(row.ip).to.match(/127\.0\.0\.1/);
      expect(JSON.stringify(rows)).not.to.contain(PASSWORD).and.not.to.contain('wrong password');
    });

    it('audits a failed sign-in under an unknown name without keeping the name', async () => {
      await attempt('wrong password', `ghost-${counter}`);
      const rows = await app.database.pool.query<AuditRow>(
        "SELECT actor, details FROM app.audit_log WHERE action = 'session.login_failed' AND actor IS NULL",
      );
      expect(rows.rows.at(-1)!.details).to.deep.equal({ reason: 'unknown-user' });
      expect(JSON.stringify(rows.rows)).not.to.contain('ghost');
    });
  });
});
