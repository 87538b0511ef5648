// Administration of users and units: administrators only, bad input named field by field with
// nothing changed, and every change in the audit log with what changed (never a password).
import { expect } from 'chai';
import { createUser, MAX_FAILED_SIGN_INS } from '../../src/domain/users/index.js';
import { ApiClient, PASSWORD, signedIn, startAppUnderTest, type AppUnderTest } from './support.js';

interface AdminUser {
  username: string;
  displayName: string;
  roles: string[];
  unitCode: string | null;
  active: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  passwordChangedAt: string | null;
  lastLoginAt: string | null;
}

interface AuditRow {
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
}

describe('administration API', function () {
  this.timeout(30_000);
  let app: AppUnderTest;
  let admin: ApiClient;

  before(async () => {
    app = await startAppUnderTest({ deploy: false });
    await createUser(
      app.database.pool,
      { username: 'admin', displayName: '系统管理员', password: PASSWORD, roles: ['admin'], unitCode: null },
      new Date(),
    );
    admin = await signedIn(app, 'admin');
  });
  after(() => app.close());

  const auditOf = async (target: string) =>
    (
      await app.database.pool.query<AuditRow>(
        'SELECT actor, action, target, details FROM app.audit_log WHERE target = $1 ORDER BY id',
        [target],
      )
    ).rows;
  const canSignIn = async (username: string, password = PASSWORD) =>
    (await new ApiClient(app.server.url).send('POST', '/api/session', { username, password })).status === 200;
  const fields = (body: unknown) =>
    (body as { errors: { field: string }[] }).errors.map((error) => error.field);

  it('is for administrators only', async () => {
    for (const username of ['office', 'housing', 'designer']) {
      const client = await signedIn(app, username);
      for (const [method, path, body] of [
        ['GET', '/api/admin/users', undefined],
        ['POST', '/api/admin/users', {}],
        ['PATCH', '/api/admin/users/office', { displayName: 'x' }],
        ['POST', '/api/admin/users/office/password', { password: 'a new password' }],
        ['POST', '/api/admin/users/office/unlock', undefined],
        ['GET', '/api/admin/units', undefined],
        ['POST', '/api/admin/units', {}],
        ['PATCH', '/api/admin/units/education', { name: 'x' }],
        ['GET', '/api/admin/audit', undefined],
      ] as const) {
        const answer = await client.send(method, path, body);
        expect(answer.status, `${username}: ${method} ${path}`).to.equal(403);
      }
    }
    expect(await canSignIn('office')).to.equal(true);
  });

  describe('users', () => {
    it('lists users with filters and paging', async () => {
      const all = await admin.send<{ total: number; items: AdminUser[] }>('GET', '/api/admin/users');
      expect(all.status).to.equal(200);
      expect(all.headers.get('cache-control')).to.equal('no-store');
      expect(all.body.items.map((user) => user.username)).to.include.members(['admin', 'housing', 'office']);
      expect(all.body.items[0]).to.have.keys([
        'username',
        'displayName',
        'roles',
        'unitCode',
        'active',
        'createdAt',
        'lastLoginAt',
        'passwordChangedAt',
        'failedLogins',
        'lockedUntil',
      ]);

      const housing = await admin.send<{ items: AdminUser[] }>(
        'GET',
        '/api/admin/users?unit=housing-construction',
      );
      expect(housing.body.items.map((user) => user.username)).to.deep.equal(['housing', 'housing-head']);
      const heads = await admin.send<{ items: AdminUser[] }>('GET', '/api/admin/users?role=unit_head');
      expect(heads.body.items.map((user) => user.username)).to.deep.equal(['housing-head']);
      const text = await admin.send<{ items: AdminUser[] }>(
        `GET`,
        `/api/admin/users?q=${encodeURIComponent('教育局')}`,
      );
      expect(text.body.items.map((user) => user.username)).to.deep.equal(['education']);
      const page = await admin.send<{ total: number; limit: number; offset: number; items: AdminUser[] }>(
        'GET',
        '/api/admin/users?limit=2&offset=1',
      );
      expect(page.body).to.include({ total: all.body.total, limit: 2, offset: 1 });
      expect(page.body.items.map((user) => user.username)).to.deep.equal(
        all.body.items.slice(1, 3).map((user) => user.username),
      );
    });

    it('names bad filters', async () => {
      const answer = await admin.send('GET', '/api/admin/users?role=root&limit=0&active=maybe');
      expect(answer.status).to.equal(400);
      expect(fields(answer.body)).to.have.members(['role', 'limit', 'active']);
    });

    it('creates a user who can sign in, and audits it without the password', async () => {
      const answer = await admin.send<AdminUser>('POST', '/api/admin/users', {
        username: 'Wang.Wu',
        displayName: '王五',
        password: 'initial password 1',
        roles: ['unit_handler'],
        unitCode: 'education',
      });

      expect(answer.status).to.equal(201);
      expect(answer.headers.get('location')).to.equal('/api/admin/users/wang.wu');
      expect(answer.body).to.deep.include({
        username: 'wang.wu',
        displayName: '王五',
        roles: ['unit_handler'],
        unitCode: 'education',
        active: true,
        failedLogins: 0,
        lockedUntil: null,
      });
      expect(answer.body.passwordChangedAt).to.be.a('string');
      expect(await canSignIn('wang.wu', 'initial password 1')).to.equal(true);
      const audit = await auditOf('wang.wu');
      expect(audit.find((row) => row.action === 'user.created')).to.deep.include({
        actor: 'admin',
        details: { displayName: '王五', roles: ['unit_handler'], unitCode: 'education' },
      });
      expect(JSON.stringify(audit)).not.to.contain('initial password 1');
    });

    it('names every bad field of a new user and creates nothing', async () => {
      const answer = await admin.send('POST', '/api/admin/users', {
        username: '王',
        displayName: ' ',
        password: 'short',
        roles: ['unit_handler', 'root'],
        unitCode: null,
      });
      expect(answer.status).to.equal(400);
      expect(fields(answer.body)).to.include.members(['displayName']);

      const checked = await admin.send<{ errors: { field: string; message: string }[] }>(
        'POST',
        '/api/admin/users',
        {
          username: '王',
          displayName: '某人',
          password: 'short',
          roles: ['root'],
        },
      );
      expect(checked.status).to.equal(400);
      expect(checked.body.errors).to.deep.include({ field: 'roles', message: '未知的角色：root' });
      expect(fields(checked.body)).to.have.members(['username', 'password', 'roles']);

      const noUnit = await admin.send<{ errors: { field: string; message: string }[] }>(
        'POST',
        '/api/admin/users',
        {
          username: 'li.liu',
          displayName: '李六',
          password: 'initial password 1',
          roles: ['unit_head'],
        },
      );
      expect(noUnit.body.errors).to.deep.equal([
        { field: 'unitCode', message: '责任单位经办人和负责人必须指定所属单位' },
      ]);
      const ghostUnit = await admin.send('POST', '/api/admin/users', {
        username: 'li.liu',
        displayName: '李六',
        password: 'initial password 1',
        roles: ['unit_head'],
        unitCode: 'ghost',
      });
      expect(fields(ghostUnit.body)).to.deep.equal(['unitCode']);
      const users = await app.database.pool.query(
        "SELECT 1 FROM app.users WHERE username IN ('王', 'li.liu')",
      );
      expect(users.rowCount).to.equal(0);

      const taken = await admin.send('POST', '/api/admin/users', {
        username: 'office',
        displayName: '重名',
        password: 'initial password 1',
        roles: ['office'],
      });
      expect(taken.status).to.equal(409);
    });

    it('changes name, roles and unit, and audits each change with its old and new value', async () => {
      const answer = await admin.send<AdminUser>('PATCH', '/api/admin/users/housing-head', {
        displayName: '住建局局长',
        roles: ['unit_head', 'unit_handler'],
      });

      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.include({
        displayName: '住建局局长',
        roles: ['unit_handler', 'unit_head'],
      });
      const updated = (await auditOf('housing-head')).filter((row) => row.action === 'user.updated');
      expect(updated.at(-1)!.details).to.deep.equal({
        changes: {
          displayName: { from: '住建局负责人', to: '住建局局长' },
          roles: { from: ['unit_head'], to: ['unit_handler', 'unit_head'] },
        },
      });

      // Nothing changed: nothing audited.
      await admin.send('PATCH', '/api/admin/users/housing-head', { displayName: '住建局局长' });
      expect((await auditOf('housing-head')).filter((row) => row.action === 'user.updated')).to.have.length(
        1,
      );
    });

    it('refuses bad changes field by field and changes nothing', async () => {
      const answer = await admin.send('PATCH', '/api/admin/users/housing', {
        displayName: '新名字',
        unitCode: null,
        roles: ['root'],
      });
      expect(answer.status).to.equal(400);
      expect(fields(answer.body)).to.include('roles');
      const noUnit = await admin.send('PATCH', '/api/admin/users/housing', {
        displayName: '新名字',
        unitCode: null,
      });
      expect(fields(noUnit.body)).to.deep.equal(['unitCode']);
      const stored = await app.database.pool.query<{ display_name: string; unit_code: string }>(
        "SELECT display_name, unit_code FROM app.users WHERE username = 'housing'",
      );
      expect(stored.rows[0]).to.deep.equal({
        display_name: '住建局经办人',
        unit_code: 'housing-construction',
      });

      expect((await admin.send('PATCH', '/api/admin/users/housing', {})).status).to.equal(400);
      expect(
        fields((await admin.send('PATCH', '/api/admin/users/housing', { password: 'x' })).body),
      ).to.deep.equal(['password']);
      expect((await admin.send('PATCH', '/api/admin/users/nobody', { displayName: 'x' })).status).to.equal(
        404,
      );
    });

    it('does not let administrators deactivate themselves or drop their own admin role', async () => {
      const answer = await admin.send<{ errors: { field: string; message: string }[] }>(
        'PATCH',
        '/api/admin/users/admin',
        { active: false, roles: ['office'] },
      );
      expect(answer.status).to.equal(400);
      expect(answer.body.errors).to.deep.include.members([
        { field: 'active', message: '不能停用自己的账户' },
        { field: 'roles', message: '不能取消自己的系统管理员角色' },
      ]);
      expect((await admin.send('GET', '/api/session')).status).to.equal(200);
      const self = await admin.send<AdminUser>('PATCH', '/api/admin/users/admin', {
        roles: ['admin', 'office'],
      });
      expect(self.body.roles).to.deep.equal(['office', 'admin']);
    });

    it('ends the sessions of a deactivated user, and lets them in again when reactivated', async () => {
      const education = await signedIn(app, 'education');

      const answer = await admin.send<AdminUser>('PATCH', '/api/admin/users/education', { active: false });

      expect(answer.body.active).to.equal(false);
      expect((await education.send('GET', '/api/session')).status).to.equal(401);
      expect(await canSignIn('education')).to.equal(false);
      const audit = (await auditOf('education')).filter((row) => row.action === 'user.updated').at(-1)!;
      expect(audit.details).to.deep.equal({
        changes: { active: { from: true, to: false } },
        sessionsEnded: 1,
      });
      await admin.send('PATCH', '/api/admin/users/education', { active: true });
      expect(await canSignIn('education')).to.equal(true);
    });

    it('resets a password: the old one stops working, sessions end, a lock is lifted', async () => {
      const discipline = await signedIn(app, 'discipline');
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await canSignIn('discipline', 'wrong password');

      const bad = await admin.send('POST', '/api/admin/users/discipline/password', { password: 'short' });
      expect(bad.status).to.equal(400);
      expect(fields(bad.body)).to.deep.equal(['password']);
      const answer = await admin.send('POST', '/api/admin/users/discipline/password', {
        password: 'a new passphrase 2026',
      });

      expect(answer.status).to.equal(204);
      expect((await discipline.send('GET', '/api/session')).status).to.equal(401);
      expect(await canSignIn('discipline')).to.equal(false);
      expect(await canSignIn('discipline', 'a new passphrase 2026')).to.equal(true);
      const audit = (await auditOf('discipline')).filter((row) => row.action === 'user.password_reset');
      expect(audit).to.have.length(1);
      expect(audit[0]!.details).to.deep.equal({ sessionsEnded: 1, unlocked: true });
      expect(JSON.stringify(await auditOf('discipline'))).not.to.contain('a new passphrase');
      expect(
        (await admin.send('POST', '/api/admin/users/nobody/password', { password: 'long enough 1' })).status,
      ).to.equal(404);
    });

    it('shows a lock and lifts it', async () => {
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await canSignIn('intake', 'wrong password');
      expect(await canSignIn('intake')).to.equal(false);
      const listed = await admin.send<{ items: AdminUser[] }>('GET', '/api/admin/users?q=intake');
      expect(listed.body.items[0]!.lockedUntil).to.be.a('string');

      const answer = await admin.send<AdminUser>('POST', '/api/admin/users/intake/unlock');

      expect(answer.status).to.equal(200);
      expect(answer.body).to.include({ lockedUntil: null, failedLogins: 0 });
      expect(await canSignIn('intake')).to.equal(true);
      const audit = (await auditOf('intake')).filter((row) => row.action === 'user.unlocked');
      expect(audit).to.have.length(1);
      expect(audit[0]!.details).to.include({ wasLocked: true, failedLogins: 0 });
      expect(audit[0]!.details.lockedUntil).to.equal(listed.body.items[0]!.lockedUntil);
    });
  });

  describe('units', () => {
    interface AdminUnit {
      code: string;
      name: string;
      kind: string;
      parentCode: string | null;
      contactPhone: string | null;
      active: boolean;
      activeUsers: number;
    }

    it('lists every unit with its contact phone and active users', async () => {
      const answer = await admin.send<{ items: AdminUnit[] }>('GET', '/api/admin/units');
      expect(answer.status).to.equal(200);
      const housing = answer.body.items.find((unit) => unit.code === 'housing-construction');
      expect(housing).to.deep.include({
        kind: 'department',
        contactPhone: null,
        active: true,
        activeUsers: 2,
      });
    });

    it('creates a unit with a normalised phone, and audits it', async () => {
      const answer = await admin.send<AdminUnit>('POST', '/api/admin/units', {
        code: 'water-affairs',
        name: '县水务局',
        kind: 'department',
        contactPhone: '0731-8888 6666',
      });

      expect(answer.status).to.equal(201);
      expect(answer.body).to.deep.equal({
        code: 'water-affairs',
        name: '县水务局',
        kind: 'department',
        parentCode: null,
        contactPhone: '073188886666',
        active: true,
        activeUsers: 0,
      });
      expect((await auditOf('water-affairs'))[0]).to.deep.include({
        actor: 'admin',
        action: 'unit.created',
        details: { name: '县水务局', kind: 'department', parentCode: null, contactPhone: '073188886666' },
      });
      expect(
        (
          await admin.send('POST', '/api/admin/units', {
            code: 'water-affairs',
            name: '重复',
            kind: 'department',
          })
        ).status,
      ).to.equal(409);
    });

    it('names bad fields of a unit and stores nothing', async () => {
      const answer = await admin.send<{ errors: { field: string; message: string }[] }>(
        'POST',
        '/api/admin/units',
        {
          code: 'Bad Code',
          name: '',
          kind: 'ministry',
          contactPhone: '12345',
        },
      );
      expect(answer.status).to.equal(400);
      expect(fields(answer.body)).to.have.members(['code', 'name', 'kind', 'contactPhone']);
      expect(answer.body.errors.find((error) => error.field === 'contactPhone')!.message).to.contain(
        '电话号码无效',
      );

      const second = await admin.send<{ errors: { field: string; message: string }[] }>(
        'POST',
        '/api/admin/units',
        {
          code: 'discipline-2',
          name: '第二个纪委',
          kind: 'discipline',
          parentCode: 'ghost',
        },
      );
      expect(fields(second.body)).to.have.members(['parentCode', 'kind']);
      const stored = await app.database.pool.query("SELECT 1 FROM app.units WHERE code IN ('discipline-2')");
      expect(stored.rowCount).to.equal(0);
    });

    it('changes a unit, clears its phone, deactivates it, and audits each change', async () => {
      const changed = await admin.send<AdminUnit>('PATCH', '/api/admin/units/water-affairs', {
        name: '县水利局',
        contactPhone: '13900139000',
      });
      expect(changed.body).to.include({ name: '县水利局', contactPhone: '13900139000' });
      const cleared = await admin.send<AdminUnit>('PATCH', '/api/admin/units/water-affairs', {
        contactPhone: null,
        active: false,
      });
      expect(cleared.body).to.include({ contactPhone: null, active: false });

      const updates = (await auditOf('water-affairs')).filter((row) => row.action === 'unit.updated');
      expect(updates.map((row) => row.details)).to.deep.equal([
        {
          changes: {
            name: { from: '县水务局', to: '县水利局' },
            contactPhone: { from: '073188886666', to: '13900139000' },
          },
        },
        { changes: { contactPhone: { from: '13900139000', to: null }, active: { from: true, to: false } } },
      ]);
      // An inactive unit takes no new users.
      const user = await admin.send('POST', '/api/admin/users', {
        username: 'water.handler',
        displayName: '水利局经办人',
        password: 'initial password 1',
        roles: ['unit_handler'],
        unitCode: 'water-affairs',
      });
      expect(fields(user.body)).to.deep.equal(['unitCode']);
    });

    it('refuses a parent loop, a bad phone, a second discipline unit and unknown units', async () => {
      await admin.send('POST', '/api/admin/units', { code: 'loop-a', name: '甲', kind: 'department' });
      await admin.send('POST', '/api/admin/units', {
        code: 'loop-b',
        name: '乙',
        kind: 'department',
        parentCode: 'loop-a',
      });

      const loop = await admin.send('PATCH', '/api/admin/units/loop-a', { parentCode: 'loop-b' });
      expect(loop.status).to.equal(400);
      expect(fields(loop.body)).to.deep.equal(['parentCode']);
      expect(
        fields((await admin.send('PATCH', '/api/admin/units/loop-a', { parentCode: 'loop-a' })).body),
      ).to.deep.equal(['parentCode']);
      expect(
        fields((await admin.send('PATCH', '/api/admin/units/loop-a', { contactPhone: '999' })).body),
      ).to.deep.equal(['contactPhone']);
      expect(
        fields((await admin.send('PATCH', '/api/admin/units/loop-a', { kind: 'discipline' })).body),
      ).to.deep.equal(['kind']);
      expect((await admin.send('PATCH', '/api/admin/units/ghost', { name: '无' })).status).to.equal(404);
      const stored = await app.database.pool.query<{ parent_code: string | null; kind: string }>(
        "SELECT parent_code, kind FROM app.units WHERE code = 'loop-a'",
      );
      expect(stored.rows[0]).to.deep.equal({ parent_code: null, kind: 'department' });
    });
  });
});
