import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors.js';
import {
  getUnit,
  listRoutingRules,
  listUnits,
  routeFor,
  saveRoutingRule,
} from '../../../src/domain/units/index.js';
import type { TestDatabase } from '../../support/database.js';
import { createSeededDatabase } from '../support.js';

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('routing', () => {
  let db: TestDatabase;
  before(async () => (db = await createSeededDatabase()));
  after(() => db.drop());

  it('sends an ordinary category to the competent department named by its any-area rule', async () => {
    const routing = await routeFor(db.pool, { category: 'housing-security', area: 'qingshi' });
    expect(routing).to.include({ leadUnit: 'housing-construction', line: 'ordinary', basis: 'rule' });
    expect(routing.coUnits).to.deep.equal([]);
  });

  it('prefers the rule for the area itself over the any-area rule', async () => {
    const routing = await routeFor(db.pool, { category: 'land-acquisition', area: 'chengguan' });
    expect(routing).to.include({ leadUnit: 'chengguan', basis: 'rule' });
    expect(routing.coUnits).to.deep.equal(['natural-resources']);
  });

  it('names co-handling units for a cross-area matter', async () => {
    const routing = await routeFor(db.pool, { category: 'environment', area: 'liuhe' });
    expect(routing.leadUnit).to.equal('ecology-environment');
    expect(routing.coUnits).to.deep.equal(['liuhe', 'qingshi']);
  });

  it('puts law-and-litigation matters on the law line led by the 政法委', async () => {
    const routing = await routeFor(db.pool, { category: 'law-litigation', area: 'xicheng' });
    expect(routing).to.include({ line: 'law', leadUnit: 'political-legal' });
    const lead = await getUnit(db.pool, routing.leadUnit);
    expect(lead?.kind).to.equal('law');
  });

  it('keeps a law-line category whose rule names a member of the line on the law line', async () => {
    const routing = await routeFor(db.pool, { category: 'police', area: 'maji' });
    expect(routing).to.include({ line: 'law', leadUnit: 'public-security' });
    expect((await getUnit(db.pool, 'public-security'))?.parentCode).to.equal('political-legal');
  });

  it('sends a law-line category without a rule to the 政法委', async () => {
    await db.pool.query(
      `INSERT INTO app.categories (code, name, line) VALUES ('administrative-review', '行政复议', 'law')`,
    );
    const routing = await routeFor(db.pool, { category: 'administrative-review', area: 'maji' });
    expect(routing).to.deep.include({
      leadUnit: 'political-legal',
      coUnits: [],
      line: 'law',
      basis: 'law-line',
    });
  });

  it('sends an accusation category to 纪委监委 alone, with no co-handling unit', async () => {
    const routing = await routeFor(db.pool, { category: 'accusation', area: 'qingshi' });
    expect(routing).to.deep.include({ leadUnit: 'discipline', coUnits: [], basis: 'accusation' });
  });

  it('sends a matter classified as an accusation to 纪委监委 whatever its category’s rules say', async () => {
    // A cross-area rule would otherwise hand the matter to the towns, one of which may be accused.
    const routing = await routeFor(db.pool, { category: 'environment', area: 'liuhe', kind: 'accusation' });
    expect(routing).to.deep.include({ leadUnit: 'discipline', coUnits: [], basis: 'accusation' });
  });

  it('leaves a category without any rule with the petition office', async () => {
    const routing = await routeFor(db.pool, { category: 'other', area: 'dongcheng' });
    expect(routing).to.include({ leadUnit: 'petition-office', basis: 'no-rule' });
  });

  it('lets a higher-priority any-area rule win over an area rule', async () => {
    await saveRoutingRule(db.pool, {
      categoryCode: 'transport',
      areaCode: 'baisha',
      leadUnit: 'baisha',
      coUnits: [],
    });
    expect((await routeFor(db.pool, { category: 'transport', area: 'baisha' })).leadUnit).to.equal('baisha');
    await saveRoutingRule(db.pool, {
      categoryCode: 'transport',
      areaCode: null,
      leadUnit: 'transport',
      coUnits: [],
      priority: 10,
    });
    expect((await routeFor(db.pool, { category: 'transport', area: 'baisha' })).leadUnit).to.equal(
      'transport',
    );
  });

  it('leaves inactive co-handling units out', async () => {
    await db.pool.query(`UPDATE app.units SET active = false WHERE code = 'qingshi'`);
    try {
      const routing = await routeFor(db.pool, { category: 'environment', area: 'liuhe' });
      expect(routing.coUnits).to.deep.equal(['liuhe']);
      expect((await listUnits(db.pool)).map((u) => u.code)).not.to.include('qingshi');
      expect((await listUnits(db.pool, { includeInactive: true })).map((u) => u.code)).to.include('qingshi');
    } finally {
      await db.pool.query(`UPDATE app.units SET active = true WHERE code = 'qingshi'`);
    }
  });

  it('refuses unknown categories and areas', async () => {
    expect((await rejection(routeFor(db.pool, { category: 'nope', area: 'maji' }))).code).to.equal(
      'invalid-input',
    );
    expect((await rejection(routeFor(db.pool, { category: 'health', area: 'nope' }))).code).to.equal(
      'invalid-input',
    );
  });

  it('refuses a rule that names a unit that does not exist', async () => {
    const error = await rejection(
      saveRoutingRule(db.pool, {
        categoryCode: 'health',
        areaCode: 'maji',
        leadUnit: 'health',
        coUnits: ['ghost'],
      }),
    );
    expect(error.code).to.equal('invalid-input');
    expect(error.message).to.contain('ghost');
  });

  it('lists the rules with their co-handling units', async () => {
    const rules = await listRoutingRules(db.pool);
    const crossArea = rules.find((r) => r.categoryCode === 'land-acquisition' && r.areaCode === 'dongcheng');
    expect(crossArea?.coUnits).to.deep.equal(['xicheng', 'natural-resources']);
  });
});
