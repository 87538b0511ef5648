// The 5-working-day window for objecting to a wrong routing.
import { expect } from 'chai';
import type { ApiDeps } from '../../src/app/api/deps.js';
import { objectionTooLate } from '../../src/app/tasks/objection-window.js';
import { seedReference } from '../../src/domain/seed/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

describe('objection window of the acceptance task', () => {
  let database: TestDatabase;
  let now = 0;
  let deps: ApiDeps;
  // Received Monday 1 June 2026, 10:00 Shanghai: days 1–5 are 2–5 and 8 June.
  const task = { elementId: 'accept', creationDate: '2026-06-01T02:00:00.000Z' };

  before(async () => {
    database = await createTestDatabase();
    await seedReference(database.pool);
    deps = { db: database.pool, engineNow: () => Promise.resolve(now) } as unknown as ApiDeps;
  });
  after(() => database.drop());

  it('allows an objection until the end of the fifth working day', async () => {
    now = Date.parse('2026-06-08T15:59:59.999Z');
    expect(await objectionTooLate(deps, task, { acceptance: 'object' })).to.equal(undefined);
  });

  it('refuses an objection after it, naming the field and the last day', async () => {
    now = Date.parse('2026-06-08T16:00:00.000Z');
    const error = await objectionTooLate(deps, task, { acceptance: 'object' });
    expect(error?.field).to.equal('variables.acceptance');
    expect(error?.message).to.contain('2026-06-08');
  });

  it('never stands in the way of accepting, or of other tasks', async () => {
    now = Date.parse('2026-07-01T02:00:00.000Z');
    expect(await objectionTooLate(deps, task, { acceptance: 'accept' })).to.equal(undefined);
    expect(await objectionTooLate(deps, { ...task, elementId: 'handle' }, { acceptance: 'object' })).to.equal(
      undefined,
    );
  });
});
