// issue-letter: a numbered, dated .docx letter to the responsible unit — 督办函 at a deadline,
// 问责建议函 after it, 风险提醒函 for high-risk or repeat cases. The job key is the letter's
// idempotency key is the deadline it is about (or, for a risk letter, the job): a retried job, or
// the same late deadline met again after a rework, finds the letter already issued.
import { z } from 'zod';
import { loadCalendar } from '../src/domain/deadline-rules/index.js';
import { issueLetter } from '../src/domain/letters/index.js';
import { addTimelineEntry } from '../src/domain/petitions/index.js';
import { getArea, getCategory } from '../src/domain/reference/index.js';
import { defineWorker } from './lib/define-worker.js';
import { PermanentFailure } from './lib/outcome.js';
import { petitionOf, systemAct, unitName } from './lib/petition.js';

export const issueLetterWorker = defineWorker({
  jobType: 'issue-letter',
  variables: z.object({
    petitionId: z.string().min(1),
    leadUnit: z.string().optional(),
    acceptDue: z.string().optional(),
    handleDue: z.string().optional(),
    riskLevel: z.enum(['low', 'medium', 'high']).optional(),
    repeatCount: z.number().optional(),
  }),
  headers: z
    .object({
      letter: z.enum(['supervision', 'risk', 'accountability']),
      // Risk letters are raised at triage or on a repeat; deadline letters at acceptance or handling.
      stage: z.enum(['accept', 'handle', 'triage', 'repeat']).default('accept'),
    })
    .refine(
      (headers) => headers.letter === 'risk' || headers.stage === 'accept' || headers.stage === 'handle',
      {
        path: ['stage'],
        message:
          '督办函、问责建议函的阶段应为 accept 或 handle（a supervision or accountability letter needs stage accept or handle）',
      },
    ),
  async handle(variables, { headers, deps, jobKey }) {
    const petition = await petitionOf(deps, variables.petitionId);
    const unitCode = variables.leadUnit ?? petition.leadUnit;
    const stage = headers.stage === 'handle' ? 'handle' : 'accept';
    const deadline = stage === 'accept' ? variables.acceptDue : variables.handleDue;
    if (
      headers.letter !== 'risk' &&
      (!deadline || headers.stage === 'triage' || headers.stage === 'repeat')
    ) {
      throw new PermanentFailure(`A ${headers.letter} letter needs the accept or handle deadline`);
    }
    const [category, area] = await Promise.all([
      getCategory(deps.db, petition.categoryCode),
      getArea(deps.db, petition.areaCode),
    ]);
    const act = await systemAct(deps, 'issue-letter');
    const { letter, created } = await issueLetter(
      deps.db,
      {
        kind: headers.letter,
        petition: {
          id: petition.id,
          number: petition.number,
          title: petition.title,
          registeredAt: petition.registeredAt,
          categoryName: category?.name ?? petition.categoryCode,
          areaName: area?.name ?? petition.areaCode,
        },
        stage,
        unit: { code: unitCode!, name: await unitName(deps, unitCode) },
        ...(deadline ? { deadline } : {}),
        issuedAt: act.at,
        replyWithinDays: 5,
        idempotencyKey:
          headers.letter === 'risk'
            ? `job:${jobKey}`
            : `${petition.number}:${headers.letter}:${stage}:${deadline}`,
        ...(headers.letter === 'risk'
          ? {
              riskReason:
                (variables.repeatCount ?? petition.repeatCount) > 0
                  ? ('repeat' as const)
                  : ('high-risk' as const),
            }
          : {}),
      },
      // The county's calendar (its overrides and the schedule years it entered), as deadlines use.
      { calendar: await loadCalendar(deps.db) },
    );
    if (created) {
      await addTimelineEntry(deps.db, petition.id, 'letter-issued', act, {
        kind: letter.kind,
        number: letter.number,
        unit: unitCode,
      });
    }
    return {};
  },
});
