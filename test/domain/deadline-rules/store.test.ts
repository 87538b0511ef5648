import { expect } from 'chai';
import { CalendarError } from '../../../src/domain/calendar/index.js';
import {
  deadlineRulesFor,
  deleteCalendarOverride,
  listCalendarOverrides,
  listDeadlineRules,
  loadCalendar,
  saveCalendarOverride,
  saveDeadlineRule,
} from '../../../src/domain/deadline-rules/index.js';
import { COUNTY_TARGETS, DeadlineRuleError, LEGAL_CAPS } from '../../../src/domain/deadlines/index.js';
import type { TestDatabase } from '../../support/database.js';
import { createSeededDatabase } from '../support.js';

describe('deadline rules and calendar overrides in the database', () => {
  let db: TestDatabase;
  before(async () => (db = await createSeededDatabase()));
  after(() => db.drop());

  it('holds the 520 / 210 targets and the legal caps after seeding', async () => {
    expect(await deadlineRulesFor(db.pool, 'accept', 'normal')).to.deep.equal({
      target: { ...COUNTY_TARGETS.normal.accept },
      cap: { ...LEGAL_CAPS.accept },
    });
    expect(await deadlineRulesFor(db.pool, 'handle', 'simplified')).to.deep.equal({
      target: { ...COUNTY_TARGETS.simplified.handle },
      cap: { ...LEGAL_CAPS.handle },
    });
    expect(await deadlineRulesFor(db.pool, 'objection', 'normal')).to.deep.equal({
      target: undefined,
      cap: { amount: 5, unit: 'working', starts: 'next-day' },
    });
    expect(await listDeadlineRules(db.pool)).to.have.length(12);
  });

  it('lets a rule for the procedure itself win over one for any procedure', async () => {
    await saveDeadlineRule(db.pool, {
      stage: 'extension',
      procedure: 'simplified',
      kind: 'cap',
      amount: 10,
      unit: 'working',
      starts: 'next-day',
    });
    expect((await deadlineRulesFor(db.pool, 'extension', 'simplified')).cap).to.deep.equal({
      amount: 10,
      unit: 'working',
      starts: 'next-day',
    });
    expect((await deadlineRulesFor(db.pool, 'extension', 'normal')).cap).to.deep.equal({
      amount: 30,
      unit: 'calendar',
      starts: 'next-day',
    });
  });

  it('replaces a rule and refuses an invalid one', async () => {
    await saveDeadlineRule(db.pool, {
      stage: 'accept',
      procedure: 'normal',
      kind: 'target',
      amount: 4,
      unit: 'working',
      starts: 'next-day',
    });
    expect((await deadlineRulesFor(db.pool, 'accept', 'normal')).target?.amount).to.equal(4);
    let error: unknown;
    try {
      await saveDeadlineRule(db.pool, {
        stage: 'accept',
        procedure: 'normal',
        kind: 'target',
        amount: 0,
        unit: 'working',
        starts: 'next-day',
      });
    } catch (e: unknown) {
      error = e;
    }
    expect(error).to.be.instanceOf(DeadlineRuleError);
  });

  it('builds the calendar from the county’s overrides, dates as plain YYYY-MM-DD', async () => {
    // 2026-03-07 is a Saturday; the county works it.
    expect((await loadCalendar(db.pool)).isWorkingDay('2026-03-07')).to.be.false;
    await saveCalendarOverride(db.pool, { date: '2026-03-07', working: true, note: '集中攻坚日' });
    expect(await listCalendarOverrides(db.pool)).to.deep.equal([
      { date: '2026-03-07', working: true, note: '集中攻坚日' },
    ]);
    expect((await loadCalendar(db.pool)).isWorkingDay('2026-03-07')).to.be.true;
    expect(await deleteCalendarOverride(db.pool, '2026-03-07')).to.be.true;
    expect((await loadCalendar(db.pool)).isWorkingDay('2026-03-07')).to.be.false;
  });

  it('refuses a malformed override', async () => {
    let error: unknown;
    try {
      await saveCalendarOverride(db.pool, { date: '2026-02-30', working: true });
    } catch (e: unknown) {
      error = e;
    }
    expect(error).to.be.instanceOf(CalendarError);
  });
});
