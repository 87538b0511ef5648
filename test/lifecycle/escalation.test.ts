// Deadlines and their escalation on the working-day calendar, across the National Day holiday:
// the near-due reminder, the 督办函 at the deadline and the 问责建议函 after it appear at the
// working-day instants, with the real workers and the engine clock moved step by step.
import { expect } from 'chai';
import { PetitionSystem } from './system.js';

/** Tuesday 2026-09-29 10:00 in Shanghai: triage is done just before the National Day holiday. */
const TRIAGED_AT = Date.parse('2026-09-29T02:00:00Z');
// 5 working days from the next day: 30 Sep (1); 1–7 Oct off; 8 Oct (2), 9 Oct (3),
// Saturday 10 Oct, a make-up working day (4), Monday 12 Oct (5).
const ACCEPT_DUE = '2026-10-12T15:59:59.999Z';
// One working day before the last day, at 09:00 Shanghai: Saturday 10 Oct (make-up working day).
const REMIND_AT = Date.parse('2026-10-10T01:00:00Z');
// One working day after, at 09:00 Shanghai: Tuesday 13 Oct.
const ACCOUNT_AT = Date.parse('2026-10-13T01:00:00Z');

describe('escalation across the National Day holiday (real workers)', function () {
  this.timeout(120_000);
  let system: PetitionSystem;

  before(async () => {
    system = await PetitionSystem.start(TRIAGED_AT);
  });
  after(() => system.stop());

  async function escalations(number: string) {
    const reminders = await system.database.pool.query<{ created_at: Date }>(
      `SELECT created_at FROM app.notifications n JOIN app.petitions p ON p.id = n.petition_id
       WHERE p.number = $1 AND n.template = 'unit-reminder'`,
      [number],
    );
    const letters = await system.database.pool.query<{ kind: string; issued_at: Date; unit_code: string }>(
      'SELECT kind, issued_at, unit_code FROM app.letters WHERE petition_number = $1 ORDER BY id',
      [number],
    );
    return { reminders: reminders.rows.map((r) => r.created_at.getTime()), letters: letters.rows };
  }

  it('reminds, urges and calls to account at the working-day instants of the acceptance and handling deadlines', async () => {
    const { petition, instanceKey } = await system.register({
      title: '楼道堆放杂物存在消防隐患',
      category: 'housing-security',
      area: 'xicheng',
    });
    await system.complete(instanceKey!, 'triage', {
      kind: 'appeal',
      line: 'ordinary',
      procedure: 'normal',
      riskLevel: 'low',
      leadUnit: 'housing-construction',
      coUnits: [],
      triageOpinion: '交住建局办理',
    });
    expect((await system.petition(petition.number)).acceptDue!.toISOString()).to.equal(ACCEPT_DUE);
    const accept = (await system.openTasks(instanceKey!)).find((t) => t.elementId === 'accept');
    expect(Date.parse(accept!.dueDate!)).to.equal(Date.parse(ACCEPT_DUE));

    await system.setClock(REMIND_AT - 1);
    await system.settle();
    expect((await escalations(petition.number)).reminders).to.deep.equal([]);

    await system.setClock(REMIND_AT);
    await system.settle();
    expect((await escalations(petition.number)).reminders).to.deep.equal([REMIND_AT]);

    await system.setClock(Date.parse(ACCEPT_DUE) - 1);
    await system.settle();
    expect((await escalations(petition.number)).letters).to.deep.equal([]);

    await system.setClock(Date.parse(ACCEPT_DUE));
    await system.settle();
    const urged = (await escalations(petition.number)).letters;
    expect(urged.map((l) => [l.kind, l.issued_at.toISOString(), l.unit_code])).to.deep.equal([
      ['supervision', ACCEPT_DUE, 'housing-construction'],
    ]);

    await system.setClock(ACCOUNT_AT);
    await system.settle();
    const all = (await escalations(petition.number)).letters;
    expect(all.map((l) => [l.kind, l.issued_at.getTime()])).to.deep.equal([
      ['supervision', Date.parse(ACCEPT_DUE)],
      ['accountability', ACCOUNT_AT],
    ]);
    // Still open, still owned and still due: nothing is shelved while it is overdue.
    await system.checkZeroShelving();

    // Accepted late, on Tuesday 13 Oct at 09:00: handling runs 20 working days from 14 Oct
    // (14–16, 19–23, 26–30 Oct, 2–6 Nov, 9 and 10 Nov) and is due at the end of 10 Nov.
    await system.complete(instanceKey!, 'accept', { acceptance: 'accept' });
    const handleDue = '2026-11-10T15:59:59.999Z';
    expect((await system.petition(petition.number)).handleDue!.toISOString()).to.equal(handleDue);
    for (const [at, expected] of [
      [Date.parse('2026-11-09T01:00:00Z'), { reminders: 2, letters: 2 }],
      [Date.parse(handleDue), { reminders: 2, letters: 3 }],
      [Date.parse('2026-11-11T01:00:00Z'), { reminders: 2, letters: 4 }],
    ] as const) {
      await system.setClock(at - 1);
      await system.settle();
      await system.setClock(at);
      await system.settle();
      const seen = await escalations(petition.number);
      expect(
        { reminders: seen.reminders.length, letters: seen.letters.length },
        new Date(at).toISOString(),
      ).to.deep.equal(expected);
    }
    const handling = (await escalations(petition.number)).letters.slice(2);
    expect(handling.map((l) => [l.kind, l.issued_at.toISOString()])).to.deep.equal([
      ['supervision', handleDue],
      ['accountability', '2026-11-11T01:00:00.000Z'],
    ]);
    expect((await escalations(petition.number)).reminders[1]).to.equal(Date.parse('2026-11-09T01:00:00Z'));
  });
});
