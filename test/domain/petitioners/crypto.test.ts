import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DomainError } from '../../../src/domain/errors.js';
import { DATA_KEY_FILE, DataKey, loadDataKey } from '../../../src/domain/petitioners/index.js';
import { TEST_SECRET, testKey } from '../support.js';

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected an error');
}

async function rejected(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('data key', () => {
  describe('encryption', () => {
    const key = testKey();

    it('decrypts what it encrypted', () => {
      const cipher = key.encrypt('id_number', '110101199003071234');
      expect(key.decrypt('id_number', cipher)).to.equal('110101199003071234');
    });

    it('never stores the plaintext and never repeats a ciphertext', () => {
      const a = key.encrypt('phone', '13812345678');
      const b = key.encrypt('phone', '13812345678');
      expect(a.toString('latin1')).not.to.contain('13812345678');
      expect(a.equals(b)).to.be.false;
    });

    it('keeps Chinese text intact', () => {
      const address = '云溪县城关镇东关村三组 12 号';
      expect(key.decrypt('address', key.encrypt('address', address))).to.equal(address);
    });

    it('fails clearly with another key', () => {
      const cipher = key.encrypt('id_number', '110101199003071234');
      const error = thrown(() =>
        testKey('another secret of more than thirty-two chars').decrypt('id_number', cipher),
      );
      expect(error).to.be.instanceOf(DomainError);
      expect((error as DomainError).code).to.equal('data-key');
      expect((error as DomainError).message).to.contain('数据密钥');
    });

    it('does not decrypt a ciphertext moved to another field', () => {
      const cipher = key.encrypt('phone', '13812345678');
      expect((thrown(() => key.decrypt('address', cipher)) as DomainError).code).to.equal('data-key');
    });

    it('refuses a ciphertext that is not one of ours', () => {
      expect((thrown(() => key.decrypt('phone', Buffer.from('garbage'))) as DomainError).code).to.equal(
        'data-key',
      );
    });

    it('hashes equal values equally, per field and per key', () => {
      expect(key.lookupHash('phone', '13812345678')).to.equal(key.lookupHash('phone', '13812345678'));
      expect(key.lookupHash('phone', '13812345678')).not.to.equal(key.lookupHash('id_number', '13812345678'));
      expect(key.lookupHash('phone', '13812345678')).not.to.equal(
        testKey('another secret of more than thirty-two chars').lookupHash('phone', '13812345678'),
      );
    });

    it('does not show its keys in JSON', () => {
      expect(JSON.stringify({ key })).to.equal('{"key":"[DataKey]"}');
    });

    it('refuses a short secret', () => {
      expect((thrown(() => DataKey.fromSecret('short')) as DomainError).code).to.equal('data-key');
    });
  });

  describe('loadDataKey', () => {
    let dir: string;
    beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'xf-data-key-'))));
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));

    it('takes the secret from XF_DATA_KEY when set', async () => {
      const key = await loadDataKey({ dataDir: dir, env: { XF_DATA_KEY: TEST_SECRET } });
      expect(key.source).to.equal('env');
      expect(key.decrypt('phone', testKey().encrypt('phone', '13812345678'))).to.equal('13812345678');
      expect(await fs.readdir(dir)).to.deep.equal([]);
    });

    it('generates a key file with mode 600 on first use and reads the same key afterwards', async () => {
      const dataDir = path.join(dir, 'data');
      const first = await loadDataKey({ dataDir, env: {} });
      expect(first.source).to.equal('generated');
      const file = path.join(dataDir, DATA_KEY_FILE);
      expect(first.file).to.equal(file);
      if (process.platform !== 'win32') expect((await fs.stat(file)).mode & 0o777).to.equal(0o600);

      const second = await loadDataKey({ dataDir, env: { XF_DATA_KEY: '  ' } });
      expect(second.source).to.equal('file');
      expect(second.decrypt('address', first.encrypt('address', '东城街道'))).to.equal('东城街道');
    });

    it('refuses a key file that others can read', async function () {
      if (process.platform === 'win32') this.skip();
      const file = path.join(dir, DATA_KEY_FILE);
      await fs.writeFile(file, `${TEST_SECRET}\n`, { mode: 0o644 });
      await fs.chmod(file, 0o644);
      const error = await rejected(loadDataKey({ dataDir: dir, env: {} }));
      expect((error as DomainError).code).to.equal('data-key');
      expect((error as DomainError).message).to.contain('chmod 600');
    });
  });
});
