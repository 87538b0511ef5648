// A letter as a Word document in the layout of Chinese official letters (党政机关公文格式,
// GB/T 9704, 信函格式): A4; the issuing office in red with a red rule under it; the number on
// the right; the title centred in 小标宋 二号; the body in 仿宋_GB2312 三号 at a fixed 28 pt line
// pitch, first lines indented by two characters; signature and date on the right.
import { AlignmentType, BorderStyle, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx';
import type { LetterContent } from './templates.js';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const MM = 1440 / 25.4; // twips per millimetre
const twips = (mm: number) => Math.round(mm * MM);

const TITLE_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const RED = 'FF0000';
/** Font sizes in half-points: 二号 22 pt, 三号 16 pt. */
const ERHAO = 44;
const SANHAO = 32;
/** The fixed line pitch of the body: 28 pt. */
const LINE = { line: 560, lineRule: LineRuleType.EXACT };

function run(
  text: string,
  options: { font?: typeof BODY_FONT; size?: number; color?: string } = {},
): TextRun {
  return new TextRun({
    text,
    font: options.font ?? BODY_FONT,
    size: options.size ?? SANHAO,
    ...(options.color === undefined ? {} : { color: options.color }),
    language: { eastAsia: 'zh-CN' },
  });
}

function blank(): Paragraph {
  return new Paragraph({ spacing: LINE, children: [run('')] });
}

export function letterParagraphs(content: LetterContent): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(content.issuerName, { font: TITLE_FONT, size: 60, color: RED })],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { before: 240, ...LINE },
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 6 } },
      children: [run(content.number)],
    }),
    blank(),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 240, line: 700, lineRule: LineRuleType.EXACT },
      children: [run(content.title, { font: TITLE_FONT, size: ERHAO })],
    }),
    new Paragraph({ spacing: LINE, children: [run(content.addressee)] }),
    ...content.paragraphs.map(
      (text) =>
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: LINE,
          indent: { firstLineChars: 200, firstLine: twips(11.2) },
          children: [run(text)],
        }),
    ),
    blank(),
    blank(),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: LINE,
      indent: { right: twips(22.4) },
      children: [run(content.signature)],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: LINE,
      indent: { right: twips(22.4) },
      children: [run(content.date)],
    }),
  ];
}

/** The .docx bytes of a letter. */
export async function renderLetterDocument(content: LetterContent): Promise<Buffer> {
  const document = new Document({
    title: `${content.title} ${content.number}`,
    subject: content.title,
    creator: content.issuerName,
    lastModifiedBy: content.issuerName,
    description: `${content.title}（${content.number}）`,
    sections: [
      {
        properties: {
          page: {
            size: { width: twips(210), height: twips(297) },
            margin: { top: twips(37), bottom: twips(35), left: twips(28), right: twips(26) },
          },
        },
        children: letterParagraphs(content),
      },
    ],
  });
  return Packer.toBuffer(document);
}
