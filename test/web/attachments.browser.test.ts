// Attachments on the petition page: the intake clerk uploads a PDF, sees it listed and downloads
// it; a refused type shows the server's reason.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { idNumber, petitionInput, signedIn } from '../app/support.js';
import {
  screenshot,
  scrollsSideways,
  signInAs,
  startWebUnderTest,
  type WebUnderTest,
} from './support/browser.js';

/** The smallest PDF a viewer opens: one empty page. */
function tinyPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(text));
    text += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(text);
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text);
}

async function choose(page: Page, field: string, option: string): Promise<void> {
  await page.locator(`[data-test="${field}"]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

describe('web app: petition attachments (browser)', function () {
  this.timeout(120_000);
  let web: WebUnderTest;
  let number: string;

  before(async () => {
    web = await startWebUnderTest();
    const intake = await signedIn(web.app, 'intake');
    const registered = await intake.send<{ petition: { number: string } }>(
      'POST',
      '/api/petitions',
      petitionInput(),
    );
    expect(registered.status).to.equal(201);
    number = registered.body.petition.number;
  });
  after(async () => {
    await web?.close();
  });

  it('uploads a PDF on the petition page, lists it, downloads it, and shows why a program is refused', async () => {
    const { page, errors, close } = await signInAs(web, 'intake', `/petitions/${number}`);
    try {
      // The list loads after the frame appears: wait for its empty state rather than read it early.
      await page.locator('[data-test="file-attachments"]', { hasText: '暂无附件' }).waitFor();

      const pdf = tinyPdf();
      await page
        .locator('[data-test="attachment-input"]')
        .setInputFiles({ name: '来信扫描件.pdf', mimeType: 'application/pdf', buffer: pdf });
      const link = page.locator('[data-test="attachment-download"]', { hasText: '来信扫描件.pdf' });
      await link.waitFor();
      expect(await page.locator('[data-test="attachment-list"]').textContent()).to.contain('intake');
      // The upload is on the petition's history too.
      await page.locator('[data-test="petition-file"]', { hasText: '上传附件' }).waitFor();

      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).to.equal('来信扫描件.pdf');
      expect(readFileSync(await download.path()).equals(pdf)).to.equal(true);

      await page.locator('[data-test="attachment-input"]').setInputFiles({
        name: '安装程序.exe',
        mimeType: 'application/octet-stream',
        buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62, 0)]),
      });
      await page.locator('.el-message--error', { hasText: '不支持该文件类型' }).waitFor();
      expect(await page.locator('[data-test="attachment-download"]').count()).to.equal(1);
      expect(await scrollsSideways(page)).to.equal(false);
      await screenshot(page, 'petition-attachments');
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });

  it('uploads the files chosen at registration once the petition has its number, each with its result', async () => {
    const { page, errors, close } = await signInAs(web, 'intake', '/register');
    try {
      await page.locator('[data-test="field-name"]').fill('王五');
      await page.locator('[data-test="field-idNumber"]').fill(idNumber('1980-07-07', 31));
      await page.locator('[data-test="field-phone"]').fill('13700137000');
      await page.locator('[data-test="field-title"]').fill('村道塌陷影响通行');
      await page
        .locator('[data-test="field-content"]')
        .fill('村口道路塌陷两个月，车辆无法通行，请求尽快修复。');
      await choose(page, 'field-category', '住房保障');
      await choose(page, 'field-area', '城关镇');
      await page.locator('[data-test="register-files"]').setInputFiles([
        { name: '现场照片说明.txt', mimeType: 'text/plain', buffer: Buffer.from('塌陷处位于村口东侧。') },
        {
          name: '改名的程序.pdf',
          mimeType: 'application/pdf',
          buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62, 0)]),
        },
      ]);
      expect(await page.locator('[data-test="register-form"]').textContent()).to.contain('改名的程序.pdf');
      await page.locator('[data-test="register-submit"]').click();
      await page.locator('[data-test="register-result"]').waitFor();
      const results = page.locator('[data-test="register-uploads"]');
      await results.locator('[data-test="upload-failed"]').waitFor();
      expect(await results.locator('[data-test="upload-ok"]').textContent()).to.contain('现场照片说明.txt');
      expect(await results.locator('[data-test="upload-failed"]').textContent()).to.contain('不符');

      const registered = (await page.locator('[data-test="register-number"]').textContent())?.trim() ?? '';
      const stored = await web.app.database.pool.query<{ file_name: string }>(
        `SELECT a.file_name FROM app.petition_attachments a JOIN app.petitions p ON p.id = a.petition_id
         WHERE p.number = $1`,
        [registered],
      );
      expect(stored.rows.map((row) => row.file_name)).to.deep.equal(['现场照片说明.txt']);
      await screenshot(page, 'register-attachments');
      expect(errors).to.deep.equal([]);
    } finally {
      await close();
    }
  });
});
