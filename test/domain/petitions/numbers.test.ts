import { expect } from 'chai';
import { findOrCreatePetitioner } from '../../../src/domain/petitioners/index.js';
import {
  formatPetitionNumber,
  getPetitionWithTimeline,
  parsePetitionNumber,
  registerPetition,
  type RegisterPetitionInput,
} from '../../../src/domain/petitions/index.js';
import { demoIdNumber } from '../../../src/domain/seed/index.js';
import type { TestDatabase } from '../../support/database.js';
import { REFERENCE_INSTANT, createSeededDatabase, testKey } from '../support.js';

describe('petition numbers', () => {
  let db: TestDatabase;
  let petitionerId: number;

  const input = (registeredAt: Date): RegisterPetitionInput => ({
    channel: 'letter',
    title: '道路破损',
    content: '村道破损严重。',
    category: 'transport',
    area: 'baisha',
    petitionerId,
    registeredAt,
    registeredBy: 'clerk',
  });

  before(async () => {
    db = await createSeededDatabase();
    const { petitioner } = await findOrCreatePetitioner(
      db.pool,
      testKey(),
      { name: '黄一', idNumber: demoIdNumber('1980-08-08', 8) },
      REFERENCE_INSTANT,
    );
    petitionerId = petitioner.id;
  });
  after(() => db.drop());

  it('formats and parses XF-<year>-<six digits>', () => {
    expect(formatPetitionNumber(2026, 123)).to.equal('XF-2026-000123');
    expect(formatPetitionNumber(2026, 1_234_567)).to.equal('XF-2026-1234567');
    expect(parsePetitionNumber('XF-2026-000123')).to.deep.equal({ year: 2026, sequence: 123 });
    expect(parsePetitionNumber('XF-26-1')).to.be.undefined;
  });

  it('numbers a year’s petitions 1, 2, 3 … and starts again in the next year (Asia/Shanghai)', async () => {
    const numbers: string[] = [];
    for (const at of [
      '2025-12-31T10:00:00+08:00',
      '2025-12-31T23:59:00+08:00',
      '2026-01-01T00:01:00+08:00', // still 2025-12-31 in UTC
      '2026-01-02T09:00:00+08:00',
      '2025-12-31T15:00:00Z', // 2025-12-31 23:00 in Shanghai
    ]) {
      numbers.push((await registerPetition(db.pool, input(new Date(at)))).number);
    }
    expect(numbers).to.deep.equal([
      'XF-2025-000001',
      'XF-2025-000002',
      'XF-2026-000001',
      'XF-2026-000002',
      'XF-2025-000003',
    ]);
  });

  it('hands out distinct numbers to concurrent registrations', async () => {
    const at = new Date('2027-03-01T09:00:00+08:00');
    const petitions = await Promise.all(
      Array.from({ length: 8 }, () => registerPetition(db.pool, input(at))),
    );
    const sequences = petitions
      .map((p) => parsePetitionNumber(p.number)?.sequence)
      .sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(sequences).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('uses up no number when a registration is refused', async () => {
    const at = new Date('2028-05-01T09:00:00+08:00');
    await registerPetition(db.pool, input(at));
    let failed = false;
    try {
      await registerPetition(db.pool, { ...input(at), petitionerId: 999_999 });
    } catch {
      failed = true;
    }
    expect(failed).to.be.true;
    expect((await registerPetition(db.pool, input(at))).number).to.equal('XF-2028-000002');
  });

  it('registers in stage registered, on the category’s line, with a timeline entry', async () => {
    const petition = await registerPetition(db.pool, { ...input(REFERENCE_INSTANT), category: 'police' });
    const found = await getPetitionWithTimeline(db.pool, petition.id);
    expect(found?.petition).to.include({
      stage: 'registered',
      line: 'law',
      riskLevel: 'low',
      leadUnit: null,
    });
    expect(found?.timeline).to.have.length(1);
    expect(found?.timeline[0]).to.deep.include({ kind: 'registered', actor: 'clerk' });
    expect(found?.timeline[0]?.detail).to.include({ number: petition.number, channel: 'letter' });
  });
});
