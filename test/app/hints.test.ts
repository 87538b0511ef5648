// GET /api/petitions/hints over real HTTP: the same petitioner's open and recent petitions (found
// through the blind index, answered masked) and recent petitions on a similar matter.
import { expect } from 'chai';
import { findOrCreatePetitioner, maskIdNumber } from '../../src/domain/petitioners/index.js';
import { idNumber, signedIn, startAppUnderTest, type AppUnderTest } from './support.js';

const NOW = Date.parse('2026-11-18T02:00:00Z');
const at = (day: string) => new Date(`${day}T09:00:00+08:00`);

const ZHANG_ID = idNumber('1970-03-01', 11);
const ZHANG_PHONE = '13800138000';

interface Hints {
  petitionerMatchedBy: string | null;
  items: {
    number: string;
    title: string;
    stage: string;
    open: boolean;
    similarity: number | null;
    reasons: string[];
    reasonText: string;
    likelyRepeat: boolean;
    petitioner: { name: string; idNumberMasked: string } | null;
  }[];
}

async function petitioner(app: AppUnderTest, name: string, id: string, phone: string): Promise<number> {
  const { petitioner: row } = await findOrCreatePetitioner(
    app.database.pool,
    app.dataKey,
    { name, idNumber: id, phone },
    new Date(NOW),
  );
  return row.id;
}

async function petition(
  app: AppUnderTest,
  row: {
    number: string;
    petitionerId: number;
    title: string;
    content: string;
    stage: string;
    registered: string;
    category?: string;
  },
) {
  await app.database.pool.query(
    `INSERT INTO app.petitions (number, channel, title, content, category_code, area_code, petitioner_id, line, stage,
       registered_at, registered_by)
     VALUES ($1, 'visit', $2, $3, $4, 'chengguan', $5, 'ordinary', $6, $7, 'intake')`,
    [
      row.number,
      row.title,
      row.content,
      row.category ?? 'land-acquisition',
      row.petitionerId,
      row.stage,
      at(row.registered),
    ],
  );
}

describe('GET /api/petitions/hints', function () {
  this.timeout(60_000);
  let app: AppUnderTest;

  before(async () => {
    app = await startAppUnderTest({ deploy: false });
    await app.engine.engine.pinClock(NOW);
    const zhang = await petitioner(app, '张三', ZHANG_ID, ZHANG_PHONE);
    const li = await petitioner(app, '李四', idNumber('1975-06-01', 33), '13700137000');
    // Zhang: an old case still open, a recent closed one, an old closed one.
    await petition(app, {
      number: 'XF-2025-000010',
      petitionerId: zhang,
      title: '征地补偿款未足额发放',
      content: '村里征地补偿款一直没有足额发放。',
      stage: 'handling',
      registered: '2025-03-01',
    });
    await petition(app, {
      number: 'XF-2026-000020',
      petitionerId: zhang,
      title: '宅基地确权纠纷',
      content: '与邻居宅基地界址不清。',
      stage: 'closed',
      category: 'other',
      registered: '2026-08-01',
    });
    await petition(app, {
      number: 'XF-2024-000030',
      petitionerId: zhang,
      title: '低保申请',
      content: '申请低保未获批准。',
      stage: 'closed',
      category: 'other',
      registered: '2024-05-01',
    });
    // Li: the same matter last month; the same title eight months ago (too old); something else.
    await petition(app, {
      number: 'XF-2026-000040',
      petitionerId: li,
      title: '征地补偿款至今未发放',
      content: '我家的承包地被征收后补偿款没有到账。',
      stage: 'acceptance',
      registered: '2026-10-20',
    });
    await petition(app, {
      number: 'XF-2026-000050',
      petitionerId: li,
      title: '征地补偿款至今未发放',
      content: '同上。',
      stage: 'closed',
      registered: '2026-03-10',
    });
    await petition(app, {
      number: 'XF-2026-000060',
      petitionerId: li,
      title: '学校违规收取补课费',
      content: '假期补课收费。',
      stage: 'handling',
      category: 'education',
      registered: '2026-11-01',
    });
  });
  after(() => app.close());

  const hints = async (query: Record<string, string>, username = 'intake') => {
    const client = await signedIn(app, username);
    return client.send<Hints>('GET', `/api/petitions/hints?${new URLSearchParams(query).toString()}`);
  };

  it("lists the same petitioner's open and recent petitions by ID number, masked", async () => {
    const answer = await hints({ idNumber: ZHANG_ID.toLowerCase() });
    expect(answer.status).to.equal(200);
    expect(answer.body.petitionerMatchedBy).to.equal('idNumber');
    expect(answer.body.items.map((item) => [item.number, item.open, item.reasonText])).to.deep.equal([
      ['XF-2025-000010', true, '同一信访人'],
      ['XF-2026-000020', false, '同一信访人'],
    ]);
    expect(answer.body.items[0]!.petitioner).to.deep.equal({
      name: '张三',
      idNumberMasked: maskIdNumber(ZHANG_ID),
    });
    const text = JSON.stringify(answer.body);
    expect(text).to.not.contain(ZHANG_ID);
    expect(text).to.not.contain(ZHANG_PHONE);
  });

  it('flags the open case a registration would be linked to as a repeat', async () => {
    const answer = await hints({
      idNumber: ZHANG_ID,
      title: '征地补偿款未足额发放到户',
      category: 'land-acquisition',
    });
    const open = answer.body.items.find((item) => item.number === 'XF-2025-000010');
    expect(open).to.include({ likelyRepeat: true });
    // Registered before the six months the similarity scan covers: found as the same petitioner's.
    expect(open!.reasons).to.deep.equal(['same_petitioner']);
    expect(open!.reasonText).to.equal('同一信访人');
    expect(open!.similarity).to.be.greaterThan(0.5);
    // Another petitioner's recent petition on the same matter, not the one from eight months ago.
    const similar = answer.body.items
      .filter((item) => item.reasons.includes('similar_content'))
      .map((i) => i.number);
    expect(similar).to.include('XF-2026-000040');
    expect(similar).to.not.include('XF-2026-000050');
    expect(similar).to.not.include('XF-2026-000060');
    const li = answer.body.items.find((item) => item.number === 'XF-2026-000040')!;
    expect(li).to.include({ reasonText: '内容相似', likelyRepeat: false, petitioner: null });
    expect(li.similarity).to.be.at.least(0.3).and.below(1);
  });

  it('matches by phone while the ID number is incomplete, and by phone and name together', async () => {
    const byPhone = await hints({ idNumber: ZHANG_ID.slice(0, 10), phone: ZHANG_PHONE });
    expect(byPhone.body.petitionerMatchedBy).to.equal('phone');
    expect(byPhone.body.items.map((item) => item.number)).to.deep.equal(['XF-2025-000010', 'XF-2026-000020']);
    const otherName = await hints({ phone: ZHANG_PHONE, name: '张四' });
    expect(otherName.body.items).to.deep.equal([]);
    const nothing = await hints({ name: '张三' });
    expect(nothing.body).to.deep.equal({ petitionerMatchedBy: null, items: [] });
  });

  it('finds similar content without any identity', async () => {
    const answer = await hints({ content: '我家的承包地被征收后补偿款一直没有到账' });
    expect(answer.body.items.map((item) => item.number)).to.deep.equal(['XF-2026-000040']);
    expect(answer.body.items[0]!.reasons).to.deep.equal(['similar_content']);
  });

  it('is for the registering roles only, and refuses bad parameters in Chinese', async () => {
    expect((await hints({ title: '征地' }, 'housing')).status).to.equal(403);
    const long = await hints({ content: '长'.repeat(1001), category: 'Land Acquisition' });
    expect(long.status).to.equal(400);
    const errors = (long.body as unknown as { errors: { field: string; message: string }[] }).errors;
    expect(errors.map((error) => error.field).sort()).to.deep.equal(['category', 'content']);
    expect(errors.find((error) => error.field === 'content')!.message).to.contain('信访内容');
    expect(errors.find((error) => error.field === 'category')!.message).to.contain('问题类别');
  });
});
