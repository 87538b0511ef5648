import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors.js';
import {
  authenticate,
  createUser,
  findUserByUsername,
  listUsers,
  parseRoles,
  setPassword,
  setUserActive,
  type NewUser,
} from '../../../src/domain/users/index.js';
import type { TestDatabase } from '../../support/database.js';
import { REFERENCE_INSTANT, createSeededDatabase } from '../support.js';

async function domainError(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('users', () => {
  let db: TestDatabase;
  const handler: NewUser = {
    username: 'Chen.Gang',
    displayName: '陈刚',
    password: 'correct horse battery',
    roles: ['unit_handler'],
    unitCode: 'housing-construction',
  };

  before(async () => (db = await createSeededDatabase()));
  after(() => db.drop());

  it('creates a user with a lower-case username and an Argon2id hash, not the password', async () => {
    const user = await createUser(db.pool, handler, REFERENCE_INSTANT);
    expect(user).to.deep.include({
      username: 'chen.gang',
      roles: ['unit_handler'],
      unitCode: 'housing-construction',
      active: true,
    });
    expect(user).not.to.have.property('passwordHash');
    const stored = await db.pool.query<{ password_hash: string }>(
      'SELECT password_hash FROM app.users WHERE id = $1',
      [user.id],
    );
    const hash = stored.rows[0]?.password_hash ?? '';
    expect(hash).to.match(/^\$argon2id\$/);
    expect(hash).not.to.contain(handler.password);
  });

  it('authenticates with the right password only', async () => {
    expect((await authenticate(db.pool, 'CHEN.GANG', 'correct horse battery'))?.username).to.equal(
      'chen.gang',
    );
    expect(await authenticate(db.pool, 'chen.gang', 'wrong horse battery')).to.be.undefined;
    expect(await authenticate(db.pool, 'nobody', 'correct horse battery')).to.be.undefined;
  });

  it('refuses a deactivated user and a replaced password', async () => {
    const user = await findUserByUsername(db.pool, 'chen.gang');
    const id = user?.id ?? -1;
    await setPassword(db.pool, id, 'a brand new passphrase');
    expect(await authenticate(db.pool, 'chen.gang', 'correct horse battery')).to.be.undefined;
    expect(await authenticate(db.pool, 'chen.gang', 'a brand new passphrase')).not.to.be.undefined;
    await setUserActive(db.pool, id, false);
    expect(await authenticate(db.pool, 'chen.gang', 'a brand new passphrase')).to.be.undefined;
  });

  it('rejects an unknown role', async () => {
    const error = await domainError(
      createUser(db.pool, { ...handler, username: 'x1', roles: ['intake', 'root'] }, REFERENCE_INSTANT),
    );
    expect(error.code).to.equal('invalid-input');
    expect(error.message).to.contain('root');
    expect(() => parseRoles([])).to.throw(DomainError);
    expect(parseRoles(['admin', 'intake', 'admin'])).to.deep.equal(['intake', 'admin']);
  });

  it('requires a unit for unit handlers and heads, and a known one', async () => {
    expect(
      (
        await domainError(
          createUser(db.pool, { ...handler, username: 'x2', unitCode: null }, REFERENCE_INSTANT),
        )
      ).code,
    ).to.equal('invalid-input');
    expect(
      (
        await domainError(
          createUser(db.pool, { ...handler, username: 'x3', unitCode: 'ghost' }, REFERENCE_INSTANT),
        )
      ).code,
    ).to.equal('invalid-input');
  });

  it('refuses a taken username, a bad username and a short password', async () => {
    expect((await domainError(createUser(db.pool, handler, REFERENCE_INSTANT))).code).to.equal('conflict');
    expect(
      (await domainError(createUser(db.pool, { ...handler, username: '王' }, REFERENCE_INSTANT))).code,
    ).to.equal('invalid-input');
    expect(
      (
        await domainError(
          createUser(db.pool, { ...handler, username: 'x4', password: 'short' }, REFERENCE_INSTANT),
        )
      ).code,
    ).to.equal('invalid-input');
    expect((await listUsers(db.pool)).map((u) => u.username)).to.deep.equal(['chen.gang']);
  });
});
