import { expect } from 'chai';
import { DEFAULT_DEMO_PASSWORD, prepareAppData } from '../../src/app/startup.js';
import { DataKey } from '../../src/domain/petitioners/index.js';
import { listCategories } from '../../src/domain/reference/index.js';
import { authenticate, listUsers } from '../../src/domain/users/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { logger } from './support.js';

const dataKey = DataKey.fromSecret('test data key for the startup tests, 32+');

describe('app data at start', () => {
  let db: TestDatabase;

  beforeEach(async () => (db = await createTestDatabase()));
  afterEach(() => db.drop());

  it('loads the reference data without creating any user when not in demo mode', async () => {
    await prepareAppData(db.pool, { demo: false, demoPassword: 'ignored-password', dataKey, logger });
    await prepareAppData(db.pool, { demo: false, dataKey, logger });

    expect((await listCategories(db.pool)).length).to.be.above(5);
    expect(await listUsers(db.pool)).to.deep.equal([]);
  });

  it('creates the demo users with DEMO_PASSWORD in demo mode, and the sample petitions once', async () => {
    const petitions = async () =>
      Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM app.petitions')).rows[0]!.n);

    await prepareAppData(db.pool, { demo: true, demoPassword: 'county-demo-1', dataKey, logger });
    const once = await petitions();
    await prepareAppData(db.pool, { demo: true, demoPassword: 'county-demo-1', dataKey, logger });

    expect(await authenticate(db.pool, 'demo-office', 'county-demo-1')).to.include({
      username: 'demo-office',
    });
    expect(await authenticate(db.pool, 'demo-office', DEFAULT_DEMO_PASSWORD)).to.equal(undefined);
    expect(once).to.be.above(0);
    expect(await petitions()).to.equal(once);
  });

  it('uses the documented default password when DEMO_PASSWORD is unset', async () => {
    await prepareAppData(db.pool, { demo: true, demoPassword: undefined, dataKey, logger });

    expect(DEFAULT_DEMO_PASSWORD).to.equal('demo-2026');
    expect(await authenticate(db.pool, 'demo-unit', 'demo-2026')).to.include({
      unitCode: 'housing-construction',
    });
  });
});
