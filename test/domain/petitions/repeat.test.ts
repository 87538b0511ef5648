import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors.js';
import { findOpenCaseFor } from '../../../src/domain/petitioners/index.js';
import {
  getPetition,
  linkRepeat,
  listTimeline,
  registerIntake,
  updateStage,
  type IntakeInput,
} from '../../../src/domain/petitions/index.js';
import { demoIdNumber } from '../../../src/domain/seed/index.js';
import type { TestDatabase } from '../../support/database.js';
import { REFERENCE_INSTANT, createSeededDatabase, minutesAfter, testKey } from '../support.js';

const key = testKey();

function intake(overrides: Partial<IntakeInput> & { minutes?: number; person?: number } = {}): IntakeInput {
  const { minutes = 0, person = 1, ...rest } = overrides;
  return {
    petitioner: {
      name: `信访人${person}`,
      idNumber: demoIdNumber('1968-02-14', person),
      phone: '13800001234',
    },
    channel: 'visit',
    title: '东关村征地补偿款未足额发放',
    content: '征地补偿款至今仅发放一半。',
    category: 'land-acquisition',
    area: 'chengguan',
    registeredAt: minutesAfter(REFERENCE_INSTANT, minutes),
    registeredBy: 'clerk',
    ...rest,
  };
}

describe('repeat petitions', () => {
  let db: TestDatabase;
  beforeEach(async () => (db = await createSeededDatabase()));
  afterEach(() => db.drop());

  it('links the same petitioner’s same matter to the open case instead of opening a second one', async () => {
    const first = await registerIntake(db.pool, key, intake());
    expect(first.repeatOf).to.be.undefined;
    expect(first.petition.firstTime).to.be.true;

    const second = await registerIntake(
      db.pool,
      key,
      intake({ minutes: 60, channel: 'phone', title: '东关村征地补偿款至今未足额发放' }),
    );
    expect(second.petitionerCreated).to.be.false;
    expect(second.repeatOf?.id).to.equal(first.petition.id);
    expect(second.repeatOf).to.include({ repeatCount: 1, riskLevel: 'medium', stage: 'registered' });
    expect(second.petition).to.include({ repeatOf: first.petition.id, stage: 'closed', firstTime: false });

    const openTimeline = await listTimeline(db.pool, first.petition.id);
    expect(openTimeline.map((e) => e.kind)).to.deep.equal(['registered', 'repeat-linked']);
    expect(openTimeline[1]?.detail).to.include({ repeatNumber: second.petition.number, repeatCount: 1 });
    const repeatTimeline = await listTimeline(db.pool, second.petition.id);
    expect(repeatTimeline.map((e) => e.kind)).to.deep.equal(['registered', 'merged-as-repeat']);
    expect(repeatTimeline[1]?.detail).to.include({ openNumber: first.petition.number });
  });

  it('raises the risk one step per repeat, up to high', async () => {
    const first = await registerIntake(db.pool, key, intake());
    await registerIntake(db.pool, key, intake({ minutes: 1 }));
    const third = await registerIntake(db.pool, key, intake({ minutes: 2 }));
    expect(third.repeatOf).to.include({ repeatCount: 2, riskLevel: 'high' });
    await registerIntake(db.pool, key, intake({ minutes: 3 }));
    expect(await getPetition(db.pool, first.petition.id)).to.include({ repeatCount: 3, riskLevel: 'high' });
  });

  it('opens a new case when the earlier one is closed', async () => {
    const first = await registerIntake(db.pool, key, intake());
    await updateStage(db.pool, first.petition.id, 'closed', {
      at: minutesAfter(REFERENCE_INSTANT, 30),
      actor: 'clerk',
    });
    const again = await registerIntake(db.pool, key, intake({ minutes: 60 }));
    expect(again.repeatOf).to.be.undefined;
    expect(again.petition).to.include({ stage: 'registered', repeatOf: null, firstTime: false });
  });

  it('opens a new case for a different matter of the same petitioner', async () => {
    const first = await registerIntake(db.pool, key, intake());
    const otherCategory = await registerIntake(
      db.pool,
      key,
      intake({ minutes: 5, category: 'health', title: '东关村征地补偿款未足额发放' }),
    );
    expect(otherCategory.repeatOf).to.be.undefined;
    const otherTitle = await registerIntake(
      db.pool,
      key,
      intake({ minutes: 10, title: '宅基地确权登记面积有误' }),
    );
    expect(otherTitle.repeatOf).to.be.undefined;
    expect(await getPetition(db.pool, first.petition.id)).to.include({ repeatCount: 0, riskLevel: 'low' });
  });

  it('opens a new case for the same matter raised by someone else', async () => {
    await registerIntake(db.pool, key, intake());
    const neighbour = await registerIntake(db.pool, key, intake({ minutes: 5, person: 2 }));
    expect(neighbour.repeatOf).to.be.undefined;
    expect(neighbour.petitionerCreated).to.be.true;
  });

  it('finds the most similar open case of the petitioner', async () => {
    const a = await registerIntake(db.pool, key, intake({ title: '东关村征地补偿款未足额发放' }));
    await registerIntake(db.pool, key, intake({ minutes: 1, title: '宅基地确权登记面积有误' }));
    const found = await findOpenCaseFor(db.pool, {
      petitionerId: a.petitioner.id,
      category: 'land-acquisition',
      title: '东关村征地补偿款未发放',
    });
    expect(found?.id).to.equal(a.petition.id);
    expect(found?.similarity).to.be.at.least(0.5);
  });

  it('refuses to link a repeat to a closed case', async () => {
    const closed = await registerIntake(db.pool, key, intake());
    await updateStage(db.pool, closed.petition.id, 'closed', { at: REFERENCE_INSTANT, actor: 'clerk' });
    const fresh = await registerIntake(db.pool, key, intake({ minutes: 1, person: 3 }));
    let error: unknown;
    try {
      await linkRepeat(
        db.pool,
        { repeatId: fresh.petition.id, openId: closed.petition.id },
        { at: REFERENCE_INSTANT, actor: 'clerk' },
      );
    } catch (e: unknown) {
      error = e;
    }
    expect((error as DomainError).code).to.equal('conflict');
    expect(await getPetition(db.pool, fresh.petition.id)).to.include({ stage: 'registered', repeatOf: null });
  });
});
