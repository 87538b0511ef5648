// The wording of the three letters. Each kind has one small function that returns the body
// paragraphs; the frame (title, number, addressee, signature, date) is the same for all.
import { toShanghaiDate } from '../calendar/index.js';
import { KIND_TITLES } from './numbering.js';
import type { LetterKind, LetterStage, RiskReason } from './types.js';

/** What a letter says, before it is laid out as a document. */
export interface LetterContent {
  issuerName: string;
  title: string;
  number: string;
  /** 「县住建局：」 */
  addressee: string;
  paragraphs: string[];
  signature: string;
  /** 「2026年1月5日」 */
  date: string;
}

export interface LetterFacts {
  issuerName: string;
  number: string;
  unitName: string;
  petitionNumber: string;
  petitionTitle: string;
  categoryName: string;
  areaName: string;
  registeredAt: number;
  stage: LetterStage;
  /** Required for supervision and accountability letters. */
  deadline?: number | undefined;
  issuedAt: number;
  replyWithinDays: number;
  replyDue: number;
  riskReason?: RiskReason | undefined;
}

/** An instant's date in Asia/Shanghai, written the Chinese way: 2026年1月5日. */
export function chineseDate(epochMs: number): string {
  const date = toShanghaiDate(epochMs);
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

const STAGE_NAMES: Readonly<Record<LetterStage, string>> = { accept: '受理', handle: '办理' };
/** What the unit still owes: the acceptance decision, or the reply to the petitioner. */
const STAGE_OUTCOMES: Readonly<Record<LetterStage, string>> = {
  accept: '作出是否受理的决定并告知信访人',
  handle: '办结并答复信访人',
};

function deadlineDate(f: LetterFacts): string {
  if (f.deadline === undefined) throw new Error('This letter needs the deadline');
  return chineseDate(f.deadline);
}

function petitionDescription(f: LetterFacts): string {
  return (
    `你单位承办的信访事项（编号：${f.petitionNumber}；事由：${f.petitionTitle}；` +
    `类别：${f.categoryName}；属地：${f.areaName}；登记日期：${chineseDate(f.registeredAt)}）`
  );
}

function replyRequest(f: LetterFacts, what: string): string {
  return (
    `请你单位于接函后${f.replyWithinDays}个工作日内（${chineseDate(f.replyDue)}前）` +
    `将${what}书面报送我局。`
  );
}

function supervisionBody(f: LetterFacts): string[] {
  const stage = STAGE_NAMES[f.stage];
  return [
    `${petitionDescription(f)}，${stage}期限已于${deadlineDate(f)}届满，` +
      `你单位至今未${STAGE_OUTCOMES[f.stage]}。`,
    `根据《信访工作条例》关于信访事项办理时限和督查督办的规定，现予督办。请你单位高度重视，` +
      `立即${STAGE_OUTCOMES[f.stage]}，依法按政策解决信访人的合理诉求，防止久拖不决、矛盾上行。`,
    replyRequest(f, `办理情况及未按期${stage}的原因`) + '逾期未报送或仍未办结的，我局将依规提出问责建议。',
  ];
}

const RISK_FINDINGS: Readonly<Record<RiskReason, string>> = {
  'high-risk': '经研判，该事项风险等级为高',
  repeat: '信访人已就该事项重复信访',
};

function riskBody(f: LetterFacts): string[] {
  const finding = f.riskReason === undefined ? '经研判，该事项存在较高信访风险' : RISK_FINDINGS[f.riskReason];
  return [
    `${petitionDescription(f)}，${finding}，如处置不当，可能引发矛盾激化、越级上访。` +
      (f.deadline === undefined ? '' : `该事项${STAGE_NAMES[f.stage]}期限至${chineseDate(f.deadline)}届满。`),
    `请你单位高度重视，落实领导包案责任，主动与信访人沟通，做好矛盾化解和稳控工作，` +
      `在期限内依法依规${STAGE_OUTCOMES[f.stage]}。`,
    replyRequest(f, '风险研判情况和化解稳控措施'),
  ];
}

function accountabilityBody(f: LetterFacts): string[] {
  const stage = STAGE_NAMES[f.stage];
  return [
    `${petitionDescription(f)}，${stage}期限已于${deadlineDate(f)}届满，` +
      `经督办仍未${STAGE_OUTCOMES[f.stage]}，已构成逾期${stage}。`,
    `根据《信访工作条例》关于责任追究的规定，建议你单位对该事项逾期${stage}的原因进行调查核实，` +
      `依规依纪对相关责任人员作出处理，同时抓紧${STAGE_OUTCOMES[f.stage]}。`,
    replyRequest(f, '调查核实情况、责任追究意见和整改措施'),
  ];
}

const BODIES: Readonly<Record<LetterKind, (facts: LetterFacts) => string[]>> = {
  supervision: supervisionBody,
  risk: riskBody,
  accountability: accountabilityBody,
};

export function composeLetter(kind: LetterKind, facts: LetterFacts): LetterContent {
  return {
    issuerName: facts.issuerName,
    title: KIND_TITLES[kind],
    number: facts.number,
    addressee: `${facts.unitName}：`,
    paragraphs: BODIES[kind](facts),
    signature: facts.issuerName,
    date: chineseDate(facts.issuedAt),
  };
}

/** The letter as plain text, one paragraph a line (stored beside the document, shown in the UI). */
export function letterText(content: LetterContent): string {
  return [
    content.title,
    content.number,
    content.addressee,
    ...content.paragraphs,
    content.signature,
    content.date,
  ].join('\n');
}
