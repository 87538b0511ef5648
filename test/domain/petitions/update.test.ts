import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors.js';
import {
  applyTriage,
  changeProcedure,
  getPetitionByNumber,
  listRatings,
  listTimeline,
  recordDeadline,
  recordProcessInstance,
  recordRating,
  registerIntake,
  searchPetitions,
  updateStage,
  type Petition,
} from '../../../src/domain/petitions/index.js';
import { demoIdNumber } from '../../../src/domain/seed/index.js';
import type { TestDatabase } from '../../support/database.js';
import { REFERENCE_INSTANT, createSeededDatabase, minutesAfter, testKey } from '../support.js';

async function domainError(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('petition updates', () => {
  let db: TestDatabase;
  let petition: Petition;
  const act = (minutes: number) => ({ at: minutesAfter(REFERENCE_INSTANT, minutes), actor: 'worker' });

  before(async () => {
    db = await createSeededDatabase();
    ({ petition } = await registerIntake(db.pool, testKey(), {
      petitioner: { name: '郭平', idNumber: demoIdNumber('1970-06-06', 6), phone: '13800006666' },
      channel: 'online',
      title: '公租房申请无人受理',
      content: '申请材料递交半年无人答复。',
      category: 'housing-security',
      area: 'xicheng',
      registeredAt: REFERENCE_INSTANT,
      registeredBy: 'online',
    }));
  });
  after(() => db.drop());

  it('records the triage decision', async () => {
    const triaged = await applyTriage(
      db.pool,
      petition.id,
      {
        kind: 'appeal',
        procedure: 'simplified',
        riskLevel: 'low',
        leadUnit: 'housing-construction',
        coUnits: ['xicheng'],
      },
      act(10),
    );
    expect(triaged).to.deep.include({
      kind: 'appeal',
      procedure: 'simplified',
      leadUnit: 'housing-construction',
      coUnits: ['xicheng'],
    });
  });

  it('refuses to route an accusation anywhere but to 纪委监委 alone', async () => {
    const triage = {
      kind: 'accusation' as const,
      procedure: 'normal' as const,
      riskLevel: 'medium' as const,
    };
    const toDepartment = await domainError(
      applyTriage(
        db.pool,
        petition.id,
        { ...triage, leadUnit: 'housing-construction', coUnits: [] },
        act(11),
      ),
    );
    expect(toDepartment.code).to.equal('invalid-input');
    const withCoUnit = await domainError(
      applyTriage(db.pool, petition.id, { ...triage, leadUnit: 'discipline', coUnits: ['xicheng'] }, act(11)),
    );
    expect(withCoUnit.code).to.equal('invalid-input');
  });

  it('refuses unknown units and a lead unit that is also a co-unit', async () => {
    const base = { kind: 'appeal' as const, procedure: 'normal' as const, riskLevel: 'low' as const };
    expect(
      (
        await domainError(
          applyTriage(db.pool, petition.id, { ...base, leadUnit: 'ghost', coUnits: [] }, act(12)),
        )
      ).code,
    ).to.equal('invalid-input');
    expect(
      (
        await domainError(
          applyTriage(db.pool, petition.id, { ...base, leadUnit: 'health', coUnits: ['health'] }, act(12)),
        )
      ).code,
    ).to.equal('invalid-input');
  });

  it('records deadlines once: the same deadline again writes nothing', async () => {
    const due = new Date('2026-03-04T15:59:59.999Z');
    const first = await recordDeadline(db.pool, petition.id, 'accept', due, act(13));
    expect(first.acceptDue?.getTime()).to.equal(due.getTime());
    await recordDeadline(db.pool, petition.id, 'accept', due, act(14));
    const entries = (await listTimeline(db.pool, petition.id)).filter((e) => e.kind === 'deadline-set');
    expect(entries).to.have.length(1);
    expect(entries[0]?.detail).to.include({ stage: 'accept' });
  });

  it('moves the handling deadline on an extension', async () => {
    await recordDeadline(db.pool, petition.id, 'handle', new Date('2026-03-20T15:59:59.999Z'), act(15));
    const extended = await recordDeadline(
      db.pool,
      petition.id,
      'extension',
      new Date('2026-04-19T15:59:59.999Z'),
      act(16),
    );
    expect(extended.handleDue?.toISOString()).to.equal('2026-04-19T15:59:59.999Z');
  });

  it('converts the procedure and logs from and to', async () => {
    await changeProcedure(db.pool, petition.id, 'normal', act(17));
    const entry = (await listTimeline(db.pool, petition.id)).find((e) => e.kind === 'procedure-changed');
    expect(entry?.detail).to.deep.equal({ from: 'simplified', to: 'normal' });
  });

  it('remembers the process instance once', async () => {
    await recordProcessInstance(db.pool, petition.id, '2251799813685300', act(18));
    const again = await recordProcessInstance(db.pool, petition.id, '2251799813685300', act(19));
    expect(again.processInstanceKey).to.equal('2251799813685300');
    expect((await domainError(recordProcessInstance(db.pool, petition.id, '1', act(19)))).code).to.equal(
      'conflict',
    );
  });

  it('moves through the stages, stamping replied and closed, and ignores a repeated move', async () => {
    await updateStage(db.pool, petition.id, 'acceptance', act(20));
    await updateStage(db.pool, petition.id, 'acceptance', act(21));
    await updateStage(db.pool, petition.id, 'handling', act(22));
    const replied = await updateStage(db.pool, petition.id, 'replied', act(23), { reply: 'support' });
    expect(replied.repliedAt?.getTime()).to.equal(act(23).at.getTime());
    const closed = await updateStage(db.pool, petition.id, 'closed', act(24));
    expect(closed.closedAt?.getTime()).to.equal(act(24).at.getTime());

    const stages = (await listTimeline(db.pool, petition.id)).filter((e) => e.kind === 'stage-changed');
    expect(stages.map((e) => e.detail)).to.deep.equal([
      { from: 'registered', to: 'acceptance' },
      { from: 'acceptance', to: 'handling' },
      { reply: 'support', from: 'handling', to: 'replied' },
      { from: 'replied', to: 'closed' },
    ]);
  });

  it('refuses to change a closed petition', async () => {
    expect((await domainError(updateStage(db.pool, petition.id, 'handling', act(30)))).code).to.equal(
      'conflict',
    );
    expect((await domainError(changeProcedure(db.pool, petition.id, 'simplified', act(30)))).code).to.equal(
      'conflict',
    );
    expect((await updateStage(db.pool, petition.id, 'closed', act(31))).stage).to.equal('closed');
  });

  it('reports a petition that does not exist', async () => {
    expect((await domainError(updateStage(db.pool, 987_654, 'handling', act(30)))).code).to.equal(
      'not-found',
    );
  });

  it('records satisfaction ratings with a timeline entry', async () => {
    await recordRating(db.pool, petition.id, { stage: 'accept', rating: 'satisfied' }, act(25));
    await recordRating(db.pool, petition.id, { stage: 'handle', rating: 'basically' }, act(25));
    const ratings = await listRatings(db.pool, petition.id);
    expect(ratings.map((r) => [r.stage, r.rating, r.by])).to.deep.equal([
      ['accept', 'satisfied', 'worker'],
      ['handle', 'basically', 'worker'],
    ]);
    expect((await listTimeline(db.pool, petition.id)).filter((e) => e.kind === 'rated')).to.have.length(2);
  });

  it('searches by text, unit, stage and openness', async () => {
    expect((await searchPetitions(db.pool, { text: '公租房' })).items.map((p) => p.id)).to.deep.equal([
      petition.id,
    ]);
    expect((await searchPetitions(db.pool, { text: '50%_' })).total).to.equal(0);
    expect((await searchPetitions(db.pool, { unit: 'xicheng' })).total).to.equal(1);
    expect((await searchPetitions(db.pool, { unit: 'health' })).total).to.equal(0);
    expect((await searchPetitions(db.pool, { stages: ['closed'], open: false })).total).to.equal(1);
    expect((await searchPetitions(db.pool, { open: true })).total).to.equal(0);
    const page = await searchPetitions(db.pool, { limit: 1, offset: 5 });
    expect(page).to.deep.equal({ items: [], total: 1 });
    expect((await getPetitionByNumber(db.pool, petition.number))?.id).to.equal(petition.id);
  });
});
