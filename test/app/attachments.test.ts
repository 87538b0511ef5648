// A petition's attachments: upload, list and download with a Chinese file name; every refusal
// stores nothing; a unit outside the case sees none of them.
import { expect } from 'chai';
import { applyTriage, getPetitionByNumber } from '../../src/domain/petitions/index.js';
import { petitionInput, signedIn, startAppUnderTest, type ApiClient, type AppUnderTest } from './support.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
// The start of a Windows program: "MZ", then a header with NUL bytes.
const EXE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(62, 0),
  Buffer.from('This program cannot be run in DOS mode.'),
]);

interface Uploaded {
  id: number;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

/** Sends the file as the raw body, as the web app does; `name` null sends no X-File-Name. */
async function upload(client: ApiClient, number: string, name: string | null, body: Buffer) {
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    cookie: client.cookie ?? '',
    'x-csrf-token': client.csrfToken ?? '',
  };
  if (name !== null) headers['x-file-name'] = encodeURIComponent(name);
  const response = await fetch(`${client.base}/api/petitions/${number}/attachments`, {
    method: 'POST',
    headers,
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function download(client: ApiClient, number: string, id: number) {
  const response = await fetch(`${client.base}/api/petitions/${number}/attachments/${id}`, {
    headers: { cookie: client.cookie ?? '' },
  });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

describe('petition attachments', function () {
  this.timeout(60_000);
  let app: AppUnderTest;
  let intake: ApiClient;
  let number: string;

  const count = async () =>
    Number(
      (await app.database.pool.query<{ n: string }>('SELECT count(*) AS n FROM app.petition_attachments'))
        .rows[0]?.n,
    );

  before(async () => {
    app = await startAppUnderTest({ deploy: false });
    intake = await signedIn(app, 'intake');
    const registered = await intake.send<{ petition: { number: string } }>(
      'POST',
      '/api/petitions',
      petitionInput(),
    );
    expect(registered.status).to.equal(201);
    number = registered.body.petition.number;
    // Led by the housing bureau, so its handler may add files and the education bureau may not.
    const stored = (await getPetitionByNumber(app.database.pool, number))!;
    await applyTriage(
      app.database.pool,
      stored.id,
      {
        kind: 'appeal',
        procedure: 'normal',
        riskLevel: 'low',
        leadUnit: 'housing-construction',
        coUnits: [],
      },
      { at: new Date(), actor: 'office' },
    );
  });
  after(() => app.close());

  it('uploads, lists and downloads a file with a Chinese name, and records it on the timeline', async () => {
    const answer = await upload(intake, number, '来信扫描件（第1页）.pdf', PDF);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    const uploaded = answer.body as unknown as Uploaded;
    expect(uploaded).to.include({
      fileName: '来信扫描件（第1页）.pdf',
      mediaType: 'application/pdf',
      size: PDF.length,
      uploadedBy: 'intake',
    });
    expect(uploaded.sha256).to.match(/^[0-9a-f]{64}$/);

    const list = await intake.send<{ items: Uploaded[] }>('GET', `/api/petitions/${number}/attachments`);
    expect(list.status).to.equal(200);
    expect(list.body.items).to.deep.equal([uploaded]);

    const file = await download(intake, number, uploaded.id);
    expect(file.status).to.equal(200);
    expect(file.bytes.equals(PDF)).to.equal(true);
    expect(file.headers.get('content-type')).to.equal('application/pdf');
    expect(file.headers.get('content-disposition')).to.equal(
      `attachment; filename*=UTF-8''${encodeURIComponent('来信扫描件（第1页）.pdf')}`,
    );
    expect(file.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(file.headers.get('cache-control')).to.equal('private, no-store');

    const detail = await intake.send<{ timeline: { kind: string; detail: Record<string, unknown> }[] }>(
      'GET',
      `/api/petitions/${number}`,
    );
    const entry = detail.body.timeline.find((e) => e.kind === 'attachment-added');
    expect(entry?.detail).to.deep.include({ attachmentId: uploaded.id, fileName: '来信扫描件（第1页）.pdf' });
  });

  it('lets the lead unit add and read files, and hides them from another unit', async () => {
    const housing = await signedIn(app, 'housing');
    const reply = await upload(
      housing,
      number,
      '答复意见.docx',
      Buffer.concat([Buffer.from('PK\x03\x04'), PDF]),
    );
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    const list = await housing.send<{ items: Uploaded[] }>('GET', `/api/petitions/${number}/attachments`);
    expect(list.body.items.map((item) => item.fileName)).to.include('答复意见.docx');

    const before = await count();
    const education = await signedIn(app, 'education');
    expect((await education.send('GET', `/api/petitions/${number}/attachments`)).status).to.equal(404);
    const file = await download(education, number, (reply.body as unknown as Uploaded).id);
    expect(file.status).to.equal(404);
    expect(file.bytes.toString()).not.to.contain('PK');
    expect((await upload(education, number, '外单位.pdf', PDF)).status).to.equal(404);
    // A role that only designs processes may not upload at all.
    const designer = await signedIn(app, 'designer');
    expect((await upload(designer, number, '流程.pdf', PDF)).status).to.equal(403);
    expect(await count()).to.equal(before);
  });

  it('refuses bad files with a Chinese reason and stores nothing', async () => {
    const before = await count();
    const cases: [string, string | null, Buffer, number, RegExp][] = [
      ['no name', null, PDF, 400, /文件名/],
      ['empty', '空文件.pdf', Buffer.alloc(0), 400, /空/],
      ['too large', '大文件.pdf', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), 413, /10 MB/],
      ['program', 'setup.exe', EXE, 415, /不支持该文件类型/],
      ['renamed program', '照片.jpg', EXE, 415, /不符/],
      ['binary as text', '说明.txt', EXE, 415, /不符/],
      ['renamed program as pdf', '证据.pdf', EXE, 415, /不符/],
    ];
    for (const [label, name, body, status, message] of cases) {
      const answer = await upload(intake, number, name, body);
      expect(answer.status, label).to.equal(status);
      expect(answer.body.detail, label).to.match(message);
    }
    expect((await upload(intake, 'XF-2026-999999', '信.pdf', PDF)).status).to.equal(404);
    expect(await count()).to.equal(before);
    const missing = await download(intake, number, 999_999);
    expect(missing.status).to.equal(404);
  });

  it('accepts at most 30 files per petition', async () => {
    const already = await count();
    for (let index = already; index < 30; index += 1) {
      expect(
        (await upload(intake, number, `附件${index}.txt`, Buffer.from(`第 ${index} 份`))).status,
      ).to.equal(201);
    }
    const refused = await upload(intake, number, '第三十一份.txt', Buffer.from('多余'));
    expect(refused.status).to.equal(409);
    expect(refused.body.detail).to.match(/30 个附件/);
    expect(await count()).to.equal(30);
  });
});
