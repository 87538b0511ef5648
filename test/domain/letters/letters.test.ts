// Instants are written with their Asia/Shanghai offset (+08:00). 2026-01-05 is a Monday; the
// New Year holiday 2026 (1-1 … 1-3) is over by then.
import { expect } from 'chai';
import {
  LetterError,
  getLetter,
  issueLetter,
  letterDocument,
  listLetters,
  replyToLetter,
  type IssueLetterInput,
  type LetterErrorCode,
} from '../../../src/domain/letters/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { readZipEntry, zipEntryNames } from './zip.js';

let keys = 0;

function letterInput(overrides: Partial<IssueLetterInput> = {}): IssueLetterInput {
  return {
    kind: 'supervision',
    petition: {
      id: '123',
      number: 'XF-2026-000123',
      title: '小区冬季供暖温度不达标',
      registeredAt: '2025-12-22T10:15:00+08:00',
      categoryName: '城乡建设',
      areaName: '城关镇',
    },
    stage: 'accept',
    unit: { code: 'zjj', name: '县住建局' },
    deadline: '2025-12-29T23:59:59.999+08:00',
    issuedAt: '2026-01-05T10:00:00+08:00',
    replyWithinDays: 5,
    idempotencyKey: `job-${++keys}`,
    ...overrides,
  };
}

async function expectLetterError(work: Promise<unknown>, code: LetterErrorCode): Promise<LetterError> {
  try {
    await work;
  } catch (error: unknown) {
    expect(error).to.be.instanceOf(LetterError);
    expect((error as LetterError).code).to.equal(code);
    return error as LetterError;
  }
  expect.fail(`expected a LetterError ${code}`);
}

function documentXml(bytes: Buffer): string {
  const xml = readZipEntry(bytes, 'word/document.xml');
  if (xml === undefined) expect.fail(`no word/document.xml in ${zipEntryNames(bytes).join(', ')}`);
  return xml.toString('utf8');
}

describe('letters', () => {
  let db: TestDatabase;
  before(async () => (db = await createTestDatabase()));
  after(() => db.drop());

  describe('numbering', () => {
    it('numbers each kind in its own sequence per year, from 1', async () => {
      const numbers: string[] = [];
      for (const [kind, issuedAt] of [
        ['supervision', '2025-12-30T09:00:00+08:00'],
        ['supervision', '2026-01-05T09:00:00+08:00'],
        ['risk', '2026-01-05T09:30:00+08:00'],
        ['supervision', '2026-01-05T10:00:00+08:00'],
        ['accountability', '2026-01-06T09:00:00+08:00'],
        ['risk', '2026-01-06T09:30:00+08:00'],
      ] as const) {
        const { letter } = await issueLetter(db.pool, letterInput({ kind, issuedAt }));
        numbers.push(letter.number);
      }
      expect(numbers).to.deep.equal([
        '云溪信督〔2025〕1号',
        '云溪信督〔2026〕1号',
        '云溪信险〔2026〕1号',
        '云溪信督〔2026〕2号',
        '云溪信问〔2026〕1号',
        '云溪信险〔2026〕2号',
      ]);
    });

    it('takes the year from the date in Asia/Shanghai, not UTC', async () => {
      // 2025-12-31T16:30Z is already 2026-01-01 00:30 in the county.
      const { letter } = await issueLetter(
        db.pool,
        letterInput({ kind: 'accountability', issuedAt: '2025-12-31T16:30:00Z' }),
      );
      expect(letter.number).to.equal('云溪信问〔2026〕2号');
      expect(letter.year).to.equal(2026);
      expect(letter.serial).to.equal(2);
    });

    it('uses the issuer given in the input for the prefix and the signature', async () => {
      const { letter } = await issueLetter(
        db.pool,
        letterInput({ kind: 'risk', issuer: { name: '东山县信访局', numberPrefix: '东信' } }),
      );
      expect(letter.number).to.equal('东信险〔2026〕3号');
      expect(letter.body.split('\n').at(-2)).to.equal('东山县信访局');
    });

    it('hands out distinct, gap-free numbers to letters issued concurrently', async () => {
      const issued = await Promise.all(
        Array.from({ length: 8 }, () =>
          issueLetter(db.pool, letterInput({ kind: 'supervision', issuedAt: '2026-03-02T09:00:00+08:00' })),
        ),
      );
      const serials = issued.map(({ letter }) => letter.serial).sort((a, b) => a - b);
      expect(serials).to.deep.equal([3, 4, 5, 6, 7, 8, 9, 10]);
    });
  });

  describe('issuing', () => {
    it('stores the letter with its dates, the reply due at the end of the 5th working day after issue', async () => {
      const { letter, created } = await issueLetter(
        db.pool,
        letterInput({ petition: { ...letterInput().petition, id: 900 } }),
      );
      expect(created).to.equal(true);
      expect(letter).to.include({
        kind: 'supervision',
        petitionId: '900',
        petitionNumber: 'XF-2026-000123',
        stage: 'accept',
        unitCode: 'zjj',
        unitName: '县住建局',
        status: 'issued',
        replyText: null,
        replyWithinDays: 5,
      });
      expect(letter.issuedAt).to.equal(new Date('2026-01-05T10:00:00+08:00').toISOString());
      expect(letter.deadline).to.equal(new Date('2025-12-29T23:59:59.999+08:00').toISOString());
      // 1-6 (1), 1-7, 1-8, 1-9, 1-12 (5)
      expect(letter.replyDue).to.equal(new Date('2026-01-12T23:59:59.999+08:00').toISOString());
      expect(await getLetter(db.pool, letter.id)).to.deep.equal(letter);
    });

    it('returns the letter already issued for a repeated idempotency key, without using a number', async () => {
      const input = letterInput({ kind: 'accountability', issuedAt: '2026-04-01T09:00:00+08:00' });
      const first = await issueLetter(db.pool, input);
      const again = await issueLetter(db.pool, { ...input, issuedAt: '2026-04-01T09:05:00+08:00' });
      expect(first.created).to.equal(true);
      expect(again.created).to.equal(false);
      expect(again.letter).to.deep.equal(first.letter);
      const next = await issueLetter(
        db.pool,
        letterInput({ kind: 'accountability', issuedAt: '2026-04-01T10:00:00+08:00' }),
      );
      expect(next.letter.serial).to.equal(first.letter.serial + 1);
      const rows = await db.pool.query(
        'SELECT count(*)::int AS n FROM app.letters WHERE idempotency_key = $1',
        [input.idempotencyKey],
      );
      expect(rows.rows[0]).to.deep.equal({ n: 1 });
    });

    it('issues one letter when the same job runs several times at once', async () => {
      const input = letterInput({ kind: 'risk', issuedAt: '2026-04-02T09:00:00+08:00' });
      const results = await Promise.all(Array.from({ length: 5 }, () => issueLetter(db.pool, input)));
      expect(results.filter((r) => r.created)).to.have.length(1);
      expect(new Set(results.map((r) => r.letter.id)).size).to.equal(1);
      const next = await issueLetter(
        db.pool,
        letterInput({ kind: 'risk', issuedAt: '2026-04-02T10:00:00+08:00' }),
      );
      expect(next.letter.serial).to.equal(results[0]!.letter.serial + 1);
    });

    it('refuses an idempotency key that already issued a letter about another petition', async () => {
      const input = letterInput();
      await issueLetter(db.pool, input);
      const error = await expectLetterError(
        issueLetter(db.pool, { ...input, petition: { ...input.petition, id: '124' } }),
        'idempotency-conflict',
      );
      expect(error.message).to.contain(input.idempotencyKey);
    });

    it('issues a risk letter before any deadline is set, but no supervision letter without one', async () => {
      const { deadline: _unset, ...withoutDeadline } = letterInput({ kind: 'risk', riskReason: 'high-risk' });
      const { letter } = await issueLetter(db.pool, withoutDeadline);
      expect(letter.deadline).to.equal(null);
      expect(letter.body).to.contain('风险等级为高');
      expect(letter.body).not.to.contain('期限至');

      const error = await expectLetterError(
        issueLetter(db.pool, { ...withoutDeadline, kind: 'supervision' }),
        'invalid-input',
      );
      expect(error.message).to.contain('deadline');
    });

    it('names every invalid field of the input', async () => {
      const input = letterInput();
      const error = await expectLetterError(
        issueLetter(db.pool, {
          ...input,
          unit: { code: 'zjj', name: ' ' },
          deadline: '2025-12-29',
          replyWithinDays: 0,
        }),
        'invalid-input',
      );
      expect(error.message).to.contain('unit.name');
      expect(error.message).to.contain('deadline');
      expect(error.message).to.contain('replyWithinDays');
    });
  });

  describe('the document', () => {
    it('is a .docx with the title, number, addressee, petition, deadline, signature and date', async () => {
      const { letter } = await issueLetter(
        db.pool,
        letterInput({ kind: 'supervision', issuedAt: '2026-01-05T10:00:00+08:00' }),
      );
      const document = await letterDocument(db.pool, letter.id);
      expect(document.filename).to.equal('督办函-XF-2026-000123.docx');
      expect(document.contentType).to.equal(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      expect(document.bytes.subarray(0, 2).toString('latin1')).to.equal('PK');
      expect(zipEntryNames(document.bytes)).to.include.members(['[Content_Types].xml', 'word/document.xml']);

      const xml = documentXml(document.bytes);
      for (const text of [
        '督办函',
        letter.number,
        '县住建局：',
        'XF-2026-000123',
        '小区冬季供暖温度不达标',
        '登记日期：2025年12月22日',
        '受理期限已于2025年12月29日届满',
        '5个工作日内（2026年1月12日前）',
        '云溪县信访局',
        '2026年1月5日',
      ]) {
        expect(xml, text).to.contain(text);
      }
      expect(xml).to.contain('w:eastAsia="仿宋_GB2312"');
    });

    it('has the title and wording of each kind', async () => {
      const cases = [
        { kind: 'risk', riskReason: 'repeat', title: '风险提醒函', file: '风险提醒函', says: '重复信访' },
        { kind: 'accountability', title: '问责建议函', file: '问责建议函', says: '已构成逾期办理' },
      ] as const;
      for (const { kind, title, file, says, ...rest } of cases) {
        const { letter } = await issueLetter(db.pool, letterInput({ kind, stage: 'handle', ...rest }));
        expect(letter.body.split('\n')[0]).to.equal(title);
        expect(letter.body).to.contain(says);
        const document = await letterDocument(db.pool, letter.id);
        expect(document.filename).to.equal(`${file}-XF-2026-000123.docx`);
        const xml = documentXml(document.bytes);
        expect(xml).to.contain(title);
        expect(xml).to.contain(says);
      }
    });

    it('reports a letter that does not exist', async () => {
      await expectLetterError(letterDocument(db.pool, '999999'), 'not-found');
      await expectLetterError(letterDocument(db.pool, 'abc'), 'not-found');
    });
  });

  describe('replies', () => {
    it('records the written reply once and refuses a second one', async () => {
      const { letter } = await issueLetter(db.pool, letterInput());
      const replied = await replyToLetter(db.pool, letter.id, {
        text: '已于1月6日作出受理决定并告知信访人。',
        by: 'zjj-head',
        at: '2026-01-07T15:00:00+08:00',
      });
      expect(replied).to.include({
        status: 'replied',
        replyText: '已于1月6日作出受理决定并告知信访人。',
        repliedBy: 'zjj-head',
        repliedAt: new Date('2026-01-07T15:00:00+08:00').toISOString(),
      });
      const error = await expectLetterError(
        replyToLetter(db.pool, letter.id, {
          text: '补充说明',
          by: 'zjj-clerk',
          at: '2026-01-08T09:00:00+08:00',
        }),
        'already-replied',
      );
      expect(error.message).to.contain(letter.number);
      expect(error.message).to.contain('2026年1月7日');
      expect((await getLetter(db.pool, letter.id)).replyText).to.equal(
        '已于1月6日作出受理决定并告知信访人。',
      );
    });

    it('requires the reply text', async () => {
      const { letter } = await issueLetter(db.pool, letterInput());
      const error = await expectLetterError(
        replyToLetter(db.pool, letter.id, { text: '   ', by: 'zjj-head', at: '2026-01-07T15:00:00+08:00' }),
        'invalid-input',
      );
      expect(error.message).to.contain('text');
      expect((await getLetter(db.pool, letter.id)).status).to.equal('issued');
    });

    it('reports a reply to a letter that does not exist', async () => {
      await expectLetterError(
        replyToLetter(db.pool, '999999', { text: '已办理', by: 'x', at: '2026-01-07T15:00:00+08:00' }),
        'not-found',
      );
    });
  });

  describe('listing', () => {
    it('filters by petition, unit and status', async () => {
      const petition = { ...letterInput().petition, id: '7001', number: 'XF-2026-007001' };
      const a = await issueLetter(
        db.pool,
        letterInput({ petition, unit: { code: 'mzj', name: '县民政局' } }),
      );
      const b = await issueLetter(db.pool, letterInput({ petition, kind: 'risk' }));
      await issueLetter(
        db.pool,
        letterInput({ petition: { ...petition, id: '7002' }, unit: { code: 'mzj', name: '县民政局' } }),
      );
      await replyToLetter(db.pool, b.letter.id, {
        text: '已落实稳控措施',
        by: 'zjj-head',
        at: '2026-01-07T09:00:00+08:00',
      });

      const ids = (letters: { id: string }[]) => letters.map((l) => l.id);
      expect(ids(await listLetters(db.pool, { petitionId: 7001 }))).to.deep.equal([a.letter.id, b.letter.id]);
      expect(ids(await listLetters(db.pool, { petitionId: '7001', unitCode: 'mzj' }))).to.deep.equal([
        a.letter.id,
      ]);
      expect(ids(await listLetters(db.pool, { petitionId: '7001', status: 'replied' }))).to.deep.equal([
        b.letter.id,
      ]);
      expect(await listLetters(db.pool, { petitionId: 'nonsense' })).to.deep.equal([]);
      expect((await listLetters(db.pool, { unitCode: 'mzj' })).length).to.equal(2);
    });
  });
});
