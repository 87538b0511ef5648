// 复查/复核 requests and letters through the API: the window after the reply, the linked process,
// the addressed unit downloading and answering a letter once, and other units kept out.
import { expect } from 'chai';
import { issueLetter } from '../../src/domain/letters/index.js';
import { getPetitionByNumber, updateStage } from '../../src/domain/petitions/index.js';
import {
  idNumber,
  petitionInput,
  signedIn,
  startAppUnderTest,
  type ApiClient,
  type AppUnderTest,
} from './support.js';

const DAY = 24 * 60 * 60 * 1000;

describe('API re-check requests and letters', function () {
  this.timeout(30_000);
  let app: AppUnderTest;
  let office: ApiClient;
  let sequence = 500;

  before(async () => {
    app = await startAppUnderTest();
    office = await signedIn(app, 'office');
  });
  after(() => app.close());

  /** A registered petition, marked as replied at `repliedAt` (engine time). */
  async function repliedPetition(repliedAt: number) {
    const answer = await office.send<{ petition: { number: string } }>(
      'POST',
      '/api/petitions',
      petitionInput({
        petitioner: { name: '赵敏', idNumber: idNumber('1980-05-05', ++sequence), phone: '13700137000' },
        title: `路灯损坏无人修 ${sequence}`,
      }),
    );
    expect(answer.status).to.equal(201);
    const petition = (await getPetitionByNumber(app.database.pool, answer.body.petition.number))!;
    await updateStage(app.database.pool, petition.id, 'replied', {
      at: new Date(repliedAt),
      actor: 'office',
    });
    return petition;
  }

  it('starts the linked 复查 process within 30 days of the reply, once', async () => {
    const now = app.engine.engine.clock().instant;
    const petition = await repliedPetition(now - 10 * DAY);
    const first = await office.send<{ processInstanceKey: string }>(
      'POST',
      `/api/petitions/${petition.number}/recheck`,
      {
        level: 'review',
        reason: '对答复意见不服，请求复查。',
      },
    );
    expect(first.status).to.equal(201);
    const { rows } = await app.engine.engine.db.query<{ bpmn_process_id: string }>(
      'SELECT bpmn_process_id FROM engine.process_instances WHERE key = $1',
      [first.body.processInstanceKey],
    );
    expect(rows[0]?.bpmn_process_id).to.equal('petition-recheck');
    const again = await office.send('POST', `/api/petitions/${petition.number}/recheck`, {
      level: 'review',
      reason: '再次请求复查。',
    });
    expect(again.status).to.equal(409);
  });

  it('refuses a 复查 request after the 30-day window, and a 复核 with no review decision pending', async () => {
    const now = app.engine.engine.clock().instant;
    const late = await repliedPetition(now - 31 * DAY);
    const refused = await office.send<{ detail: string }>('POST', `/api/petitions/${late.number}/recheck`, {
      level: 'review',
      reason: '对答复意见不服，请求复查。',
    });
    expect(refused.status).to.equal(409);
    expect(refused.body.detail).to.contain('30');
    const noReview = await office.send('POST', `/api/petitions/${late.number}/recheck`, {
      level: 're-review',
      reason: '请求复核处理意见。',
    });
    expect(noReview.status).to.equal(409);
    const invalid = await office.send<{ errors: { field: string }[] }>(
      'POST',
      `/api/petitions/${late.number}/recheck`,
      { level: 'appeal' },
    );
    expect(invalid.status).to.equal(400);
    expect(invalid.body.errors.map((e) => e.field).sort()).to.deep.equal(['level', 'reason']);
  });

  it('lets the addressed unit download a letter and answer it once; other units see nothing', async () => {
    const petition = await repliedPetition(app.engine.engine.clock().instant);
    const { letter } = await issueLetter(app.database.pool, {
      kind: 'supervision',
      petition: {
        id: petition.id,
        number: petition.number,
        title: petition.title,
        registeredAt: petition.registeredAt,
        categoryName: '住房保障',
        areaName: '城关镇',
      },
      stage: 'accept',
      unit: { code: 'housing-construction', name: '县住房和城乡建设局' },
      deadline: new Date(Date.now() + DAY).toISOString(),
      issuedAt: Date.now(),
      replyWithinDays: 5,
      idempotencyKey: `test:${petition.number}`,
    });
    const housing = await signedIn(app, 'housing');
    const education = await signedIn(app, 'education');

    const list = await housing.send<{ items: { id: string }[] }>(
      'GET',
      `/api/letters?petition=${petition.number}`,
    );
    expect(list.body.items.map((item) => String(item.id))).to.deep.equal([String(letter.id)]);
    const download = await fetch(`${app.server.url}/api/letters/${letter.id}/document`, {
      headers: { cookie: housing.cookie! },
    });
    expect(download.status).to.equal(200);
    expect(download.headers.get('content-disposition')).to.contain('.docx');
    expect(
      Buffer.from(await download.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).to.equal('PK');

    expect((await education.send('GET', `/api/letters/${letter.id}/document`)).status).to.equal(404);
    expect(
      (await education.send('POST', `/api/letters/${letter.id}/reply`, { text: '这不是我们单位的函件。' }))
        .status,
    ).to.equal(404);
    expect(
      (await office.send('POST', `/api/letters/${letter.id}/reply`, { text: '信访局不能代替收函单位回复。' }))
        .status,
    ).to.equal(403);

    const reply = await housing.send<{ status: string }>('POST', `/api/letters/${letter.id}/reply`, {
      text: '已于当日上门核查并安排维修，预计三日内完成。',
    });
    expect(reply.status).to.equal(200);
    expect(reply.body.status).to.equal('replied');
    const twice = await housing.send('POST', `/api/letters/${letter.id}/reply`, {
      text: '再次回复的内容应被拒绝。',
    });
    expect(twice.status).to.equal(409);
  });
});
