// GET /api/units: the active units the search and dashboard filters offer, to any signed-in user,
// without the contact phones the administrators keep.
import { expect } from 'chai';
import { ApiClient, signedIn, startAppUnderTest, type AppUnderTest } from './support.js';

interface UnitList {
  items: Record<string, unknown>[];
}

describe('GET /api/units', function () {
  this.timeout(60_000);
  let app: AppUnderTest;

  before(async () => {
    app = await startAppUnderTest({ deploy: false });
  });
  after(() => app?.close());

  it('answers 401 without a session', async () => {
    const answer = await new ApiClient(app.server.url).send('GET', '/api/units');
    expect(answer.status).to.equal(401);
  });

  it('lists the active units by code, name and kind only', async () => {
    await app.database.pool.query(
      `UPDATE app.units SET active = false, contact_phone = '13900000000' WHERE code = 'education'`,
    );
    await app.database.pool.query(
      `UPDATE app.units SET contact_phone = '13800000000' WHERE code = 'housing-construction'`,
    );
    const { rows } = await app.database.pool.query<{ code: string; name: string; kind: string }>(
      'SELECT code, name, kind FROM app.units WHERE active ORDER BY code',
    );
    const answer = await (await signedIn(app, 'housing')).send<UnitList>('GET', '/api/units');
    expect(answer.status).to.equal(200);
    expect(answer.body.items).to.deep.equal(rows);
    expect(answer.body.items.map((unit) => unit.code)).to.include('housing-construction');
    expect(answer.body.items.map((unit) => unit.code)).not.to.include('education');
    expect(JSON.stringify(answer.body)).not.to.contain('138');
  });
});
