// Letters (督办函, 风险提醒函, 问责建议函): the addressed unit downloads them and answers in writing;
// the petition office and supervisors see them all.
import { z } from 'zod';
import {
  getLetter,
  LetterError,
  letterDocument,
  listLetters,
  replyToLetter,
  type Letter,
} from '../../domain/letters/index.js';
import { getPetitionByNumber } from '../../domain/petitions/index.js';
import type { ApiDeps } from '../api/deps.js';
import { API_SCHEMAS } from '../api/schemas.js';
import { parseOrThrow } from '../api/validation.js';
import { COUNTY_WIDE_ROLES, hasAnyRole } from '../auth/access.js';
import type { SessionUser } from '../auth/sessions.js';
import { apiProblem } from '../problem.js';

const replySchema = z
  .strictObject({ text: z.string().trim().min(10).max(5000) })
  .register(API_SCHEMAS, { id: 'LetterReplyRequest' });

function addressedTo(user: SessionUser, letter: Letter): boolean {
  return user.unitCode !== null && user.unitCode === letter.unitCode;
}

async function visibleLetter(deps: ApiDeps, id: string, user: SessionUser): Promise<Letter> {
  const missing = () => apiProblem('notFound', 404, `没有编号为 ${id} 的函件，或您无权查看。`);
  if (!/^\d{1,18}$/.test(id)) throw missing();
  const letter = await getLetter(deps.db, id).catch((error: unknown) => {
    if (error instanceof LetterError && error.code === 'not-found') return undefined;
    throw error;
  });
  if (!letter || !(hasAnyRole(user, COUNTY_WIDE_ROLES) || addressedTo(user, letter))) throw missing();
  return letter;
}

export async function lettersFor(deps: ApiDeps, query: { petition?: unknown }, user: SessionUser) {
  const filter: { petitionId?: number; unitCode?: string } = {};
  if (typeof query.petition === 'string') {
    const petition = await getPetitionByNumber(deps.db, query.petition);
    if (!petition) return { items: [] };
    filter.petitionId = petition.id;
  }
  if (!hasAnyRole(user, COUNTY_WIDE_ROLES)) {
    if (user.unitCode === null) throw apiProblem('forbidden', 403, '您的角色无权查看函件。');
    filter.unitCode = user.unitCode;
  }
  const letters = await listLetters(deps.db, filter);
  return { items: letters };
}

export async function letterFile(deps: ApiDeps, id: string, user: SessionUser) {
  await visibleLetter(deps, id, user);
  return letterDocument(deps.db, id);
}

export async function answerLetter(deps: ApiDeps, id: string, body: unknown, user: SessionUser) {
  const letter = await visibleLetter(deps, id, user);
  if (!addressedTo(user, letter)) throw apiProblem('forbidden', 403, '只有收函单位可以书面回复。');
  const parsed = { data: parseOrThrow(replySchema, body, { text: '书面回复' }) };
  try {
    return await replyToLetter(deps.db, id, {
      text: parsed.data.text,
      by: user.username,
      at: new Date(await deps.engineNow()),
    });
  } catch (error) {
    if (error instanceof LetterError && error.code === 'already-replied')
      throw apiProblem('conflict', 409, error.message);
    throw error;
  }
}
