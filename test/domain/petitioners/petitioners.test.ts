import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors.js';
import {
  findOrCreatePetitioner,
  findPetitionerByIdNumber,
  findPetitionersByPhone,
  getPetitioner,
  revealPetitionerIdentity,
} from '../../../src/domain/petitioners/index.js';
import { demoIdNumber } from '../../../src/domain/seed/index.js';
import type { TestDatabase } from '../../support/database.js';
import { REFERENCE_INSTANT, createSeededDatabase, testKey } from '../support.js';

describe('petitioners', () => {
  let db: TestDatabase;
  const key = testKey();
  const idNumber = demoIdNumber('1975-04-18', 9);

  before(async () => (db = await createSeededDatabase()));
  after(() => db.drop());

  it('creates a petitioner whose identity is stored encrypted and shown masked', async () => {
    const { petitioner, created } = await findOrCreatePetitioner(
      db.pool,
      key,
      { name: '周玉芬', idNumber, phone: '138 0000 5678', address: '马集镇周庄村' },
      REFERENCE_INSTANT,
    );
    expect(created).to.be.true;
    expect(petitioner).to.include({
      name: '周玉芬',
      idNumberMasked: `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`,
    });
    expect(petitioner.phoneMasked).to.equal('138****5678');

    const raw = await db.pool.query<Record<string, unknown>>('SELECT * FROM app.petitioners WHERE id = $1', [
      petitioner.id,
    ]);
    const stored = JSON.stringify(raw.rows[0], (_k, v: unknown) =>
      Buffer.isBuffer(v) ? v.toString('latin1') : v,
    );
    expect(stored).not.to.contain(idNumber);
    expect(stored).not.to.contain('13800005678');
    expect(stored).not.to.contain('周庄村');
  });

  it('finds the same petitioner again by ID number and keeps the name on record', async () => {
    const again = await findOrCreatePetitioner(db.pool, key, { name: '周玉芳', idNumber }, REFERENCE_INSTANT);
    expect(again.created).to.be.false;
    expect(again.petitioner.name).to.equal('周玉芬');
    expect(again.petitioner.phoneMasked).to.equal('138****5678'); // no phone given: the stored one stays
  });

  it('replaces the phone number when a new one is given', async () => {
    const { petitioner } = await findOrCreatePetitioner(
      db.pool,
      key,
      { name: '周玉芬', idNumber, phone: '13900001111' },
      REFERENCE_INSTANT,
    );
    expect(petitioner.phoneMasked).to.equal('139****1111');
    expect((await revealPetitionerIdentity(db.pool, key, petitioner.id))?.address).to.equal('马集镇周庄村');
  });

  it('looks petitioners up by ID number and by phone through the lookup hashes', async () => {
    const byId = await findPetitionerByIdNumber(db.pool, key, idNumber.toLowerCase());
    expect(byId?.name).to.equal('周玉芬');
    const byPhone = await findPetitionersByPhone(db.pool, key, '139-0000-1111');
    expect(byPhone.map((p) => p.id)).to.deep.equal([byId?.id]);
    expect(await findPetitionerByIdNumber(db.pool, key, demoIdNumber('1975-04-18', 10))).to.be.undefined;
  });

  it('reveals the identity with the right key only', async () => {
    const petitioner = await findPetitionerByIdNumber(db.pool, key, idNumber);
    const id = petitioner?.id ?? -1;
    expect(await revealPetitionerIdentity(db.pool, key, id)).to.deep.equal({
      idNumber,
      phone: '13900001111',
      address: '马集镇周庄村',
    });
    let error: unknown;
    try {
      await revealPetitionerIdentity(db.pool, testKey('a different secret that is long enough!!'), id);
    } catch (e: unknown) {
      error = e;
    }
    expect(error).to.be.instanceOf(DomainError);
    expect((error as DomainError).code).to.equal('data-key');
  });

  it('does not find a petitioner by ID number under another key', async () => {
    expect(
      await findPetitionerByIdNumber(db.pool, testKey('a different secret that is long enough!!'), idNumber),
    ).to.be.undefined;
  });

  it('creates a petitioner without a phone number', async () => {
    const { petitioner } = await findOrCreatePetitioner(
      db.pool,
      key,
      { name: '吴大山', idNumber: demoIdNumber('1949-10-01', 1) },
      REFERENCE_INSTANT,
    );
    expect(petitioner.phoneMasked).to.be.null;
    expect((await getPetitioner(db.pool, petitioner.id))?.name).to.equal('吴大山');
  });

  it('refuses an invalid ID number before storing anything', async () => {
    let error: unknown;
    try {
      await findOrCreatePetitioner(db.pool, key, { name: '某人', idNumber: '123' }, REFERENCE_INSTANT);
    } catch (e: unknown) {
      error = e;
    }
    expect((error as DomainError).code).to.equal('invalid-input');
  });
});
