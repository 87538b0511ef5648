// Issuing the three letters and recording the units' written replies.
import type pg from 'pg';
import type { z } from 'zod';
import { createCalendar, toShanghaiDate, type WorkingDayCalendar } from '../calendar/index.js';
import { dueAt } from '../deadlines/index.js';
import { DOCX_CONTENT_TYPE, renderLetterDocument } from './document.js';
import { LetterError } from './errors.js';
import { KIND_TITLES, allocateSerial, formatLetterNumber } from './numbering.js';
import {
  insertLetter,
  selectDocument,
  selectLetter,
  selectLetterByKey,
  selectLetters,
  updateReply,
  type Queryable,
} from './store.js';
import { chineseDate, composeLetter, letterText } from './templates.js';
import {
  DEFAULT_ISSUER,
  issueLetterInputSchema,
  replyInputSchema,
  type IssueLetterInput,
  type Letter,
  type LetterDocument,
  type LetterFilter,
  type ParsedIssueLetterInput,
  type ReplyToLetterInput,
} from './types.js';

export interface IssueLetterOptions {
  /** Counts the working days of the reply period; default: the national schedule. */
  calendar?: WorkingDayCalendar;
}

let nationalCalendar: WorkingDayCalendar | undefined;

function invalidInput(what: string, error: z.ZodError): LetterError {
  const issues = error.issues.map((issue) => `${issue.path.join('.') || '（整体）'}：${issue.message}`);
  return new LetterError(
    `${what}的参数无效：${issues.join('；')}`,
    `Invalid ${what} input: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    'invalid-input',
  );
}

function notFound(id: string): LetterError {
  return new LetterError(`函件 ${id} 不存在`, `Letter ${id} does not exist`, 'not-found');
}

/** A letter id as given by a caller: a positive whole number (as a string or a number). */
function letterId(id: string | number): string {
  const shown = String(id);
  if (!/^[1-9]\d{0,18}$/.test(shown)) throw notFound(shown);
  return shown;
}

/** The same key must mean the same letter; anything else is a caller's bug worth stopping on. */
function sameRequest(existing: Letter, input: ParsedIssueLetterInput): Letter {
  if (
    existing.kind !== input.kind ||
    existing.petitionId !== input.petition.id ||
    existing.stage !== input.stage ||
    existing.unitCode !== input.unit.code
  ) {
    throw new LetterError(
      `幂等键“${input.idempotencyKey}”已用于另一份函件（${existing.number}）`,
      `Idempotency key ${input.idempotencyKey} already issued letter ${existing.id} ` +
        `(${existing.kind}, petition ${existing.petitionId}, ${existing.stage}, unit ${existing.unitCode})`,
      'idempotency-conflict',
    );
  }
  return existing;
}

/**
 * Issues a 督办函, 风险提醒函 or 问责建议函: allocates its number, writes the .docx and stores
 * both. Idempotent by `idempotencyKey` (the worker's job key): a second call with the same key
 * returns the letter issued the first time with `created: false`, and uses no number.
 */
export async function issueLetter(
  db: pg.Pool,
  input: IssueLetterInput,
  options: IssueLetterOptions = {},
): Promise<{ letter: Letter; created: boolean }> {
  const parsed = issueLetterInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput('出函', parsed.error);
  const request = parsed.data;

  const existing = await selectLetterByKey(db, request.idempotencyKey);
  if (existing !== undefined) return { letter: sameRequest(existing, request), created: false };

  const issuer = request.issuer ?? DEFAULT_ISSUER;
  const calendar = options.calendar ?? (nationalCalendar ??= createCalendar());
  const replyDue = dueAt(
    { amount: request.replyWithinDays, unit: 'working', starts: 'next-day' },
    request.issuedAt,
    calendar,
  );
  const year = Number(toShanghaiDate(request.issuedAt).slice(0, 4));

  const tx = await db.connect();
  let released = false;
  try {
    await tx.query('BEGIN');
    const serial = await allocateSerial(tx, request.kind, year);
    const number = formatLetterNumber(issuer.numberPrefix, request.kind, year, serial);
    const content = composeLetter(request.kind, {
      issuerName: issuer.name,
      number,
      unitName: request.unit.name,
      petitionNumber: request.petition.number,
      petitionTitle: request.petition.title,
      categoryName: request.petition.categoryName,
      areaName: request.petition.areaName,
      registeredAt: request.petition.registeredAt,
      stage: request.stage,
      deadline: request.deadline,
      issuedAt: request.issuedAt,
      replyWithinDays: request.replyWithinDays,
      replyDue,
      riskReason: request.riskReason,
    });
    const letter = await insertLetter(tx, {
      number,
      kind: request.kind,
      year,
      serial,
      petitionId: request.petition.id,
      petitionNumber: request.petition.number,
      petitionTitle: request.petition.title,
      stage: request.stage,
      unitCode: request.unit.code,
      unitName: request.unit.name,
      deadline: request.deadline,
      issuedAt: request.issuedAt,
      replyWithinDays: request.replyWithinDays,
      replyDue,
      body: letterText(content),
      document: await renderLetterDocument(content),
      idempotencyKey: request.idempotencyKey,
    });
    if (letter === undefined) {
      // Another call with the same key committed first; give the number back and return its letter.
      await tx.query('ROLLBACK');
      tx.release();
      released = true;
      const winner = await selectLetterByKey(db, request.idempotencyKey);
      if (winner === undefined) throw new Error(`Letter with key ${request.idempotencyKey} vanished`);
      return { letter: sameRequest(winner, request), created: false };
    }
    await tx.query('COMMIT');
    return { letter, created: true };
  } catch (error: unknown) {
    if (!released) {
      await tx.query('ROLLBACK').catch(() => undefined);
    }
    throw error;
  } finally {
    if (!released) tx.release();
  }
}

export async function getLetter(db: Queryable, id: string | number): Promise<Letter> {
  const letter = await selectLetter(db, letterId(id));
  if (letter === undefined) throw notFound(String(id));
  return letter;
}

/** Letters of one petition, unit and/or status (all given filters apply), oldest first. */
export async function listLetters(db: Queryable, filter: LetterFilter = {}): Promise<Letter[]> {
  if (filter.petitionId !== undefined && !/^[1-9]\d{0,18}$/.test(String(filter.petitionId))) return [];
  return selectLetters(db, filter);
}

/** The stored .docx, named like 督办函-XF-2026-000123.docx. */
export async function letterDocument(db: Queryable, id: string | number): Promise<LetterDocument> {
  const stored = await selectDocument(db, letterId(id));
  if (stored === undefined) throw notFound(String(id));
  const safeNumber = stored.petitionNumber.replace(/[\\/:*?"<>|\s]+/g, '_');
  return {
    bytes: stored.document,
    filename: `${KIND_TITLES[stored.kind]}-${safeNumber}.docx`,
    contentType: DOCX_CONTENT_TYPE,
  };
}

/** Records the unit's written reply. A letter is replied to once; a second reply is refused. */
export async function replyToLetter(
  db: Queryable,
  id: string | number,
  reply: ReplyToLetterInput,
): Promise<Letter> {
  const parsed = replyInputSchema.safeParse(reply);
  if (!parsed.success) throw invalidInput('函件回复', parsed.error);
  const key = letterId(id);
  const updated = await updateReply(db, key, parsed.data);
  if (updated !== undefined) return updated;
  const letter = await selectLetter(db, key);
  if (letter === undefined) throw notFound(key);
  throw new LetterError(
    `函件 ${letter.number} 已于${letter.repliedAt === null ? '' : chineseDate(Date.parse(letter.repliedAt))}` +
      `由${letter.repliedBy ?? ''}回复，不能再次回复`,
    `Letter ${key} was already replied to at ${letter.repliedAt ?? '?'} by ${letter.repliedBy ?? '?'}`,
    'already-replied',
  );
}
