import { z } from 'zod';

/** 督办函 (at the deadline), 风险提醒函 (high risk or repeat), 问责建议函 (after the deadline). */
export const LETTER_KINDS = ['supervision', 'risk', 'accountability'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** The stage whose deadline the letter is about. */
export const LETTER_STAGES = ['accept', 'handle'] as const;
export type LetterStage = (typeof LETTER_STAGES)[number];

export type LetterStatus = 'issued' | 'replied';

/** Why a risk letter is sent; it changes one sentence of the 风险提醒函. */
export type RiskReason = 'high-risk' | 'repeat';

/** The office that issues the letters: its name (signature) and the prefix of its numbers. */
export interface LetterIssuer {
  /** 发文机关, e.g. 云溪县信访局 — printed on top and as the signature. */
  name: string;
  /** 机关代字 before the kind's character, e.g. 云溪信 → 云溪信督〔2026〕7号. */
  numberPrefix: string;
}

export const DEFAULT_ISSUER: LetterIssuer = { name: '云溪县信访局', numberPrefix: '云溪信' };

/** An instant: ISO 8601 with an offset (or Z), epoch milliseconds, or a Date. */
export type InstantInput = string | number | Date;

const text = z.string().trim().min(1);

const instant = z
  .union([z.iso.datetime({ offset: true }), z.number().int(), z.date()])
  .transform((value, context) => {
    const ms =
      typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value : value.getTime();
    if (!Number.isFinite(ms)) {
      context.addIssue({ code: 'custom', message: 'not a valid instant' });
      return z.NEVER;
    }
    return ms;
  });

export const issueLetterInputSchema = z
  .object({
    kind: z.enum(LETTER_KINDS),
    petition: z.object({
      id: z.union([z.string().regex(/^[1-9]\d{0,18}$/), z.number().int().positive()]).transform(String),
      number: text,
      title: text,
      registeredAt: instant,
      categoryName: text,
      areaName: text,
    }),
    stage: z.enum(LETTER_STAGES),
    unit: z.object({ code: text, name: text }),
    /**
     * The deadline that was missed (supervision, accountability: required) or is at risk (risk:
     * optional, a risk letter issued at triage comes before any deadline is set).
     */
    deadline: instant.optional(),
    /** Engine time of the issue; the letter's date and year come from it (Asia/Shanghai). */
    issuedAt: instant,
    /** The written reply is due within this many working days after the issue day. */
    replyWithinDays: z.number().int().min(1).max(30).default(5),
    /** The worker's job key: issuing again with the same key returns the letter already issued. */
    idempotencyKey: text,
    riskReason: z.enum(['high-risk', 'repeat']).optional(),
    issuer: z.object({ name: text, numberPrefix: text }).optional(),
  })
  .refine((input) => input.kind === 'risk' || input.deadline !== undefined, {
    path: ['deadline'],
    message: 'required for supervision and accountability letters',
  });

export type IssueLetterInput = z.input<typeof issueLetterInputSchema>;
export type ParsedIssueLetterInput = z.output<typeof issueLetterInputSchema>;

export const replyInputSchema = z.object({
  text: text.max(20_000),
  by: text,
  at: instant,
});

export type ReplyToLetterInput = z.input<typeof replyInputSchema>;

export interface Letter {
  id: string;
  /** 文号, e.g. 云溪信督〔2026〕7号. */
  number: string;
  kind: LetterKind;
  year: number;
  serial: number;
  petitionId: string;
  petitionNumber: string;
  petitionTitle: string;
  stage: LetterStage;
  unitCode: string;
  unitName: string;
  /** ISO 8601 (UTC); null only for a risk letter issued before any deadline. */
  deadline: string | null;
  issuedAt: string;
  replyWithinDays: number;
  replyDue: string;
  /** The letter's text as printed, one paragraph a line. */
  body: string;
  status: LetterStatus;
  replyText: string | null;
  repliedAt: string | null;
  repliedBy: string | null;
  idempotencyKey: string;
}

export interface LetterDocument {
  bytes: Buffer;
  /** e.g. 督办函-XF-2026-000123.docx */
  filename: string;
  contentType: string;
}

export interface LetterFilter {
  petitionId?: string | number;
  unitCode?: string;
  status?: LetterStatus;
}
