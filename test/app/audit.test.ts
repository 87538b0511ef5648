// Petitioners' identity: masked in every answer, shown in clear only to those who contact the
// petitioner and only with an audit record written in the same transaction. And the audit log as
// administrators read it: filters, groups, days in Beijing time, paging, newest first.
import { expect } from 'chai';
import { recordAudit } from '../../src/domain/audit/index.js';
import { applyTriage, getPetitionByNumber } from '../../src/domain/petitions/index.js';
import { createUser } from '../../src/domain/users/index.js';
import {
  PASSWORD,
  idNumber,
  petitionInput,
  signedIn,
  startAppUnderTest,
  type ApiClient,
  type AppUnderTest,
} from './support.js';

interface AuditItem {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

describe('petitioner identity and the audit log', function () {
  this.timeout(30_000);
  let app: AppUnderTest;
  let intake: ApiClient;
  let office: ApiClient;
  let admin: ApiClient;

  before(async () => {
    app = await startAppUnderTest({ deploy: false });
    for (const [username, roles] of [
      ['admin', ['admin']],
      ['supervisor', ['supervisor']],
      ['reviewer', ['office_review']],
    ] as const) {
      await createUser(
        app.database.pool,
        { username, displayName: username, password: PASSWORD, roles: [...roles], unitCode: null },
        new Date(),
      );
    }
    intake = await signedIn(app, 'intake');
    office = await signedIn(app, 'office');
    admin = await signedIn(app, 'admin');
  });
  after(() => app.close());

  /** A registered petition, triaged to `leadUnit` (with `coUnits`). */
  async function petition(
    sequence: number,
    triage: { kind?: 'appeal' | 'accusation'; leadUnit: string; coUnits?: string[] },
    overrides: Record<string, unknown> = {},
  ) {
    const petitioner = {
      name: `身份${sequence}`,
      idNumber: idNumber('1980-01-01', sequence),
      phone: `1390000${String(sequence).padStart(4, '0')}`,
      address: `城关镇和平路 ${sequence} 号`,
    };
    const registered = await intake.send<{ petition: { number: string } }>(
      'POST',
      '/api/petitions',
      petitionInput({ petitioner, firstTime: false, ...overrides }),
    );
    expect(registered.status).to.equal(201);
    const number = registered.body.petition.number;
    const stored = (await getPetitionByNumber(app.database.pool, number))!;
    await applyTriage(
      app.database.pool,
      stored.id,
      {
        kind: triage.kind ?? 'appeal',
        procedure: 'normal',
        riskLevel: 'low',
        leadUnit: triage.leadUnit,
        coUnits: triage.coUnits ?? [],
      },
      { at: new Date(), actor: 'office' },
    );
    return { number, petitioner, registered: JSON.stringify(registered.body) };
  }

  const unmaskedAudit = async (number: string) =>
    (
      await app.database.pool.query<{ actor: string; details: Record<string, unknown>; ip: string }>(
        "SELECT actor, details, ip FROM app.audit_log WHERE action = 'petitioner.unmasked' AND target = $1 ORDER BY id",
        [number],
      )
    ).rows;

  describe('identity', () => {
    it('masks the ID number and phone in registration and detail answers, for every role', async () => {
      const { number, petitioner, registered } = await petition(101, { leadUnit: 'housing-construction' });

      const clear = [petitioner.idNumber, petitioner.phone, petitioner.address];
      for (const secret of clear) expect(registered).not.to.contain(secret);
      for (const client of [office, intake, await signedIn(app, 'housing')]) {
        const detail = await client.send<{ petitioner: Record<string, unknown> }>(
          'GET',
          `/api/petitions/${number}`,
        );
        expect(detail.status).to.equal(200);
        expect(detail.body.petitioner).to.deep.equal({
          name: petitioner.name,
          idNumberMasked: `${petitioner.idNumber.slice(0, 6)}********${petitioner.idNumber.slice(-4)}`,
          phoneMasked: `${petitioner.phone.slice(0, 3)}****${petitioner.phone.slice(-4)}`,
        });
        for (const secret of clear) expect(JSON.stringify(detail.body)).not.to.contain(secret);
      }
      expect(await unmaskedAudit(number)).to.deep.equal([]);
    });

    it('shows the identity in clear to the petition office and the lead unit, auditing each answer', async () => {
      const { number, petitioner } = await petition(102, { leadUnit: 'housing-construction' });
      const readers = ['intake', 'office', 'reviewer', 'housing', 'housing-head'];

      for (const username of readers) {
        const client = username === 'office' ? office : await signedIn(app, username);
        const answer = await client.send('GET', `/api/petitions/${number}/petitioner`);
        expect(answer.status, username).to.equal(200);
        expect(answer.headers.get('cache-control'), username).to.equal('no-store');
        expect(answer.body).to.deep.equal({
          petition: { number },
          name: petitioner.name,
          idNumber: petitioner.idNumber,
          phone: petitioner.phone,
          address: petitioner.address,
        });
      }

      const audit = await unmaskedAudit(number);
      expect(audit.map((row) => row.actor)).to.deep.equal(readers);
      expect(audit[0]!.details).to.deep.equal({ fields: ['name', 'idNumber', 'phone', 'address'] });
      expect(audit[0]!.ip).to.match(/127\.0\.0\.1/);
    });

    it('refuses co-handling units and roles that do not contact petitioners, with 403, unaudited', async () => {
      const { number, petitioner } = await petition(103, {
        leadUnit: 'housing-construction',
        coUnits: ['education'],
      });

      for (const username of ['education', 'supervisor', 'admin', 'designer']) {
        const client = username === 'admin' ? admin : await signedIn(app, username);
        // The co-handling unit sees the petition itself, masked.
        if (username === 'education') {
          expect((await client.send('GET', `/api/petitions/${number}`)).status).to.equal(200);
        }
        const answer = await client.send('GET', `/api/petitions/${number}/petitioner`);
        expect(answer.status, username).to.equal(403);
        expect(JSON.stringify(answer.body)).not.to.contain(petitioner.idNumber);
      }
      expect(await unmaskedAudit(number)).to.deep.equal([]);
    });

    it("answers 404 to a unit outside the case and to the accused unit of an accusation, and the discipline unit's own reads", async () => {
      const { number } = await petition(104, { leadUnit: 'housing-construction' });
      const accusation = await petition(
        105,
        { kind: 'accusation', leadUnit: 'discipline' },
        { category: 'accusation', title: '举报住建局工作人员', content: '举报住建局工作人员吃拿卡要。' },
      );
      const education = await signedIn(app, 'education');
      const housing = await signedIn(app, 'housing');

      expect((await education.send('GET', `/api/petitions/${number}/petitioner`)).status).to.equal(404);
      const accused = await housing.send('GET', `/api/petitions/${accusation.number}/petitioner`);
      expect(accused.status).to.equal(404);
      expect(JSON.stringify(accused.body)).not.to.contain(accusation.petitioner.name);
      expect((await office.send('GET', '/api/petitions/XF-2099-999999/petitioner')).status).to.equal(404);
      const discipline = await signedIn(app, 'discipline');
      const own = await discipline.send('GET', `/api/petitions/${accusation.number}/petitioner`);
      expect(own.status).to.equal(200);
      expect(own.body).to.include({ idNumber: accusation.petitioner.idNumber });
      expect((await unmaskedAudit(number)).length).to.equal(0);
      expect((await unmaskedAudit(accusation.number)).map((row) => row.actor)).to.deep.equal(['discipline']);
    });

    it('answers nothing when the audit record cannot be written', async () => {
      const { number, petitioner } = await petition(106, { leadUnit: 'housing-construction' });
      const pool = app.database.pool;
      await pool.query(`
        CREATE FUNCTION app.refuse_audit() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$;
        CREATE TRIGGER refuse_audit BEFORE INSERT ON app.audit_log FOR EACH ROW EXECUTE FUNCTION app.refuse_audit();
      `);
      try {
        const answer = await office.send('GET', `/api/petitions/${number}/petitioner`);
        expect(answer.status).to.equal(500);
        expect(JSON.stringify(answer.body)).not.to.contain(petitioner.idNumber);
        expect(JSON.stringify(answer.body)).not.to.contain(petitioner.phone);
      } finally {
        await pool.query('DROP TRIGGER refuse_audit ON app.audit_log; DROP FUNCTION app.refuse_audit();');
      }
    });
  });

  describe('GET /api/admin/audit', () => {
    /** Entries at fixed instants, under actors of their own, so the filters have known answers. */
    before(async () => {
      const entries = [
        ['2026-12-01T15:59:59.000Z', 'auditor-a', 'session.login', null],
        ['2026-12-01T16:00:00.000Z', 'auditor-a', 'petitioner.unmasked', 'XF-2026-990001'],
        ['2026-12-02T03:00:00.000Z', 'auditor-b', 'user.updated', 'auditor-a'],
        ['2026-12-02T15:59:59.999Z', 'auditor-b', 'session.logout', null],
        ['2026-12-02T16:00:00.000Z', 'auditor-a', 'session.login_failed', null],
      ] as const;
      for (const [at, actor, action, target] of entries) {
        await recordAudit(app.database.pool, { at: new Date(at), actor, action, target, details: { n: at } });
      }
    });

    const list = (query: string) =>
      admin.send<{ total: number; limit: number; offset: number; items: AuditItem[] }>(
        'GET',
        `/api/admin/audit?${query}`,
      );
    const ats = (items: AuditItem[]) => items.map((item) => item.at);

    it('filters by actor, newest first', async () => {
      const answer = await list('actor=auditor-a');
      expect(answer.status).to.equal(200);
      expect(answer.headers.get('cache-control')).to.equal('no-store');
      expect(answer.body.total).to.equal(3);
      expect(ats(answer.body.items)).to.deep.equal([
        '2026-12-02T16:00:00.000Z',
        '2026-12-01T16:00:00.000Z',
        '2026-12-01T15:59:59.000Z',
      ]);
      expect(answer.body.items[1]).to.deep.include({
        actor: 'auditor-a',
        action: 'petitioner.unmasked',
        target: 'XF-2026-990001',
        details: { n: '2026-12-01T16:00:00.000Z' },
      });
    });

    it('filters by an action or a group of actions, and by target', async () => {
      expect((await list('actor=auditor-a&action=session.login')).body.total).to.equal(1);
      const sessions = await list('action=session&from=2026-12-01&to=2026-12-03');
      expect(sessions.body.items.map((item) => item.action)).to.deep.equal([
        'session.login_failed',
        'session.logout',
        'session.login',
      ]);
      expect((await list('target=auditor-a')).body.items.map((item) => item.action)).to.deep.equal([
        'user.updated',
      ]);
    });

    it('takes days in Beijing time, both ends included, or instants', async () => {
      // 2 December in Beijing: 2026-12-01T16:00Z up to 2026-12-02T16:00Z.
      expect(ats((await list('action=session&from=2026-12-02&to=2026-12-02')).body.items)).to.deep.equal([
        '2026-12-02T15:59:59.999Z',
      ]);
      const day = await list('from=2026-12-02&to=2026-12-02&actor=auditor-a');
      expect(ats(day.body.items)).to.deep.equal(['2026-12-01T16:00:00.000Z']);
      const instants = await list(
        `from=${encodeURIComponent('2026-12-02T11:00:00+08:00')}&to=${encodeURIComponent('2026-12-02T23:59:59.999+08:00')}`,
      );
      expect(ats(instants.body.items)).to.deep.equal([
        '2026-12-02T15:59:59.999Z',
        '2026-12-02T03:00:00.000Z',
      ]);
    });

    it('pages', async () => {
      const first = await list('action=session&to=2026-12-31&limit=2');
      const second = await list('action=session&to=2026-12-31&limit=2&offset=2');
      expect(first.body).to.include({ limit: 2, offset: 0 });
      expect(first.body.items).to.have.length(2);
      expect(second.body.total).to.equal(first.body.total);
      const seen = [...first.body.items, ...second.body.items].map((item) => item.id);
      expect(new Set(seen).size).to.equal(seen.length);
    });

    it('names bad filters', async () => {
      const answer = await list('action=session.dance&from=yesterday&limit=500&color=red');
      expect(answer.status).to.equal(400);
      const fields = (answer.body as unknown as { errors: { field: string; message: string }[] }).errors;
      expect(fields.map((error) => error.field)).to.have.members(['action', 'from', 'limit', 'color']);
      expect(fields.find((error) => error.field === 'action')!.message).to.equal('没有这种操作类型');
      const reversed = await list('from=2026-12-03&to=2026-12-01');
      expect(reversed.status).to.equal(400);
      expect((reversed.body as unknown as { errors: { field: string }[] }).errors[0]!.field).to.equal('to');
    });

    it('lists the identity reads and sign-ins the app recorded', async () => {
      const { number } = await petition(107, { leadUnit: 'housing-construction' });
      await office.send('GET', `/api/petitions/${number}/petitioner`);
      const answer = await list(`action=petitioner&target=${number}`);
      expect(answer.body.items.map((item) => [item.actor, item.action])).to.deep.equal([
        ['office', 'petitioner.unmasked'],
      ]);
      const logins = await list('action=session.login&actor=admin');
      expect(logins.body.total).to.be.at.least(1);
    });
  });
});
