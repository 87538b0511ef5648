import { expect } from 'chai';
import { listTimeline, searchPetitions } from '../../../src/domain/petitions/index.js';
import {
  isKnownArea,
  isKnownCategory,
  listAreas,
  listCategories,
} from '../../../src/domain/reference/index.js';
import {
  AREA_CODES,
  CATEGORY_CODES,
  DEMO_USERS,
  ROUTING_RULES,
  UNITS,
  seedDemo,
  seedReference,
} from '../../../src/domain/seed/index.js';
import { listRoutingRules, listUnits, routeFor } from '../../../src/domain/units/index.js';
import { authenticate } from '../../../src/domain/users/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { REFERENCE_INSTANT, testKey } from '../support.js';

describe('seed', () => {
  let db: TestDatabase;
  before(async () => (db = await createTestDatabase()));
  after(() => db.drop());

  it('loads the reference data once; a second run adds nothing', async () => {
    const first = await seedReference(db.pool);
    expect(first).to.deep.equal({
      units: UNITS.length,
      categories: CATEGORY_CODES.length,
      areas: AREA_CODES.length,
      routingRules: ROUTING_RULES.length,
      deadlineRules: 12,
    });
    expect(await seedReference(db.pool)).to.deep.equal({
      units: 0,
      categories: 0,
      areas: 0,
      routingRules: 0,
      deadlineRules: 0,
    });
    expect((await listCategories(db.pool)).map((c) => c.code).sort()).to.deep.equal(
      [...CATEGORY_CODES].sort(),
    );
    expect((await listAreas(db.pool)).map((a) => a.code).sort()).to.deep.equal([...AREA_CODES].sort());
    expect(await isKnownCategory(db.pool, 'land-acquisition')).to.be.true;
    expect(await isKnownArea(db.pool, 'atlantis')).to.be.false;
  });

  it('keeps the county’s own edits when run again', async () => {
    await db.pool.query(`UPDATE app.units SET name = '县住建局' WHERE code = 'housing-construction'`);
    await seedReference(db.pool);
    const unit = (await listUnits(db.pool)).find((u) => u.code === 'housing-construction');
    expect(unit?.name).to.equal('县住建局');
  });

  it('has one unit of each county-wide kind and a routable rule for every category but "other"', async () => {
    const units = await listUnits(db.pool);
    for (const kind of ['office', 'law', 'discipline', 'recheck'] as const) {
      expect(
        units.filter((u) => u.kind === kind),
        kind,
      ).to.have.length(1);
    }
    expect(units.filter((u) => u.kind === 'department')).to.have.length(12);
    const ruled = new Set((await listRoutingRules(db.pool)).map((r) => r.categoryCode));
    expect(CATEGORY_CODES.filter((code) => !ruled.has(code))).to.deep.equal(['other']);
    for (const category of CATEGORY_CODES) {
      for (const area of AREA_CODES) {
        const routing = await routeFor(db.pool, { category, area });
        expect(routing.leadUnit, `${category} in ${area}`).to.be.a('string');
      }
    }
  });

  it('adds demo users and sample petitions once, the last sample a repeat of the first', async () => {
    const options = { password: 'demo password 2026', dataKey: testKey(), now: REFERENCE_INSTANT };
    const first = await seedDemo(db.pool, options);
    expect(first.usersCreated).to.deep.equal(DEMO_USERS.map((u) => u.username));
    expect(first.petitionsRegistered).to.have.length(8);
    expect(first.petitionsRegistered[0]).to.equal('XF-2026-000001');

    const second = await seedDemo(db.pool, options);
    expect(second).to.deep.include({ usersCreated: [], petitionsRegistered: [] });

    for (const username of [
      'demo-intake',
      'demo-office',
      'demo-unit',
      'demo-supervisor',
      'demo-leader',
      'demo-admin',
    ]) {
      expect(await authenticate(db.pool, username, 'demo password 2026'), username).not.to.be.undefined;
    }
    expect((await authenticate(db.pool, 'demo-unit', 'demo password 2026'))?.unitCode).to.equal(
      'housing-construction',
    );

    const { items, total } = await searchPetitions(db.pool, { limit: 100 });
    expect(total).to.equal(8);
    const repeat = items.find((p) => p.repeatOf !== null);
    const open = items.find((p) => p.id === repeat?.repeatOf);
    expect(open).to.include({ number: 'XF-2026-000001', repeatCount: 1, stage: 'registered' });
    expect((await listTimeline(db.pool, open?.id ?? -1)).map((e) => e.kind)).to.include('repeat-linked');
    expect(items.filter((p) => p.stage === 'registered' && p.processInstanceKey === null)).to.have.length(7);
  });
});
