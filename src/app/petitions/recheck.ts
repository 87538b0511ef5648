// 复查 / 复核 requests. Within 30 days of the reply the petitioner may ask for a review (复查),
// which starts the linked `petition-recheck` process; within 30 days of the review decision, for
// a re-review (复核), which is a message to that process. After 复核 the matter is final.
import { z } from 'zod';
import { addTimelineEntry, getPetitionByNumber, listTimeline } from '../../domain/petitions/index.js';
import type { ApiDeps } from '../api/deps.js';
import { API_SCHEMAS } from '../api/schemas.js';
import { parseOrThrow } from '../api/validation.js';
import type { SessionUser } from '../auth/sessions.js';
import { callEngine, isEngineNotFound } from '../engine/rest.js';
import { apiProblem } from '../problem.js';

const DAY = 24 * 60 * 60 * 1000;
export const RECHECK_WINDOW_DAYS = 30;

export const recheckRequestSchema = z
  .strictObject({ level: z.enum(['review', 're-review']), reason: z.string().trim().min(5).max(2000) })
  .register(API_SCHEMAS, { id: 'RecheckRequest' });

export async function requestRecheck(deps: ApiDeps, number: string, body: unknown, user: SessionUser) {
  const parsed = {
    data: parseOrThrow(recheckRequestSchema, body, { level: '请求类型', reason: '请求理由' }),
  };
  const petition = await getPetitionByNumber(deps.db, number);
  if (!petition) throw apiProblem('notFound', 404, `没有编号为 ${number} 的信访事项。`);
  const now = await deps.engineNow();
  const act = { at: new Date(now), actor: user.username };
  const { level, reason } = parsed.data;

  if (level === 'review') {
    if (petition.repliedAt === null) {
      throw apiProblem('conflict', 409, '该信访事项尚未答复，不能请求复查。');
    }
    if (now - petition.repliedAt.getTime() > RECHECK_WINDOW_DAYS * DAY) {
      throw apiProblem('conflict', 409, `已超过答复后 ${RECHECK_WINDOW_DAYS} 日的复查请求期限，不予受理。`);
    }
    const earlier = (await listTimeline(deps.db, petition.id)).some(
      (entry) => entry.kind === 'recheck-requested',
    );
    if (earlier) throw apiProblem('conflict', 409, '该信访事项已请求过复查。');
    const created = await callEngine(() =>
      deps.engine.createProcessInstance({
        processDefinitionId: 'petition-recheck',
        variables: { petitionId: petition.number, title: petition.title, recheckReason: reason },
      }),
    ).catch((error: unknown) => {
      if (isEngineNotFound(error)) {
        throw apiProblem(
          'engineUnavailable',
          503,
          '复查流程（petition-recheck）尚未部署，请联系系统管理员。',
        );
      }
      throw error;
    });
    await addTimelineEntry(deps.db, petition.id, 'recheck-requested', act, {
      level,
      reason,
      processInstanceKey: String(created.processInstanceKey),
    });
    return { level, processInstanceKey: String(created.processInstanceKey) };
  }

  try {
    await callEngine(() =>
      deps.engine.correlateMessage({
        name: 're-review-requested',
        correlationKey: petition.number,
        variables: { reReviewReason: reason },
      }),
    );
  } catch (error) {
    if (isEngineNotFound(error)) {
      throw apiProblem('conflict', 409, '复查意见尚未作出，或已超过复查意见作出后 30 日的复核请求期限。');
    }
    throw error;
  }
  await addTimelineEntry(deps.db, petition.id, 'recheck-requested', act, { level, reason });
  return { level };
}
