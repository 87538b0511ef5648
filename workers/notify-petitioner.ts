// notify-petitioner: one notice to the petitioner through the outbox (SMS when a phone is known,
// else a letter to the address). The job key is the idempotency key: a retried job queues
// nothing new.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { enqueue } from '../src/domain/notifications/index.js';
import { revealPetitionerIdentity } from '../src/domain/petitioners/index.js';
import { addTimelineEntry } from '../src/domain/petitions/index.js';
import { defineWorker } from './lib/define-worker.js';
import { petitionOf, systemAct, unitName } from './lib/petition.js';

/** The code a petitioner quotes to rate the handling; stable for the petition. */
export function evaluationCode(petitionNumber: string): string {
  return createHash('sha256').update(`evaluation:${petitionNumber}`).digest('hex').slice(0, 8).toUpperCase();
}

export const notifyPetitioner = defineWorker({
  jobType: 'notify-petitioner',
  variables: z.object({
    petitionId: z.string().min(1),
    leadUnit: z.string().optional(),
    rejectReason: z.string().optional(),
  }),
  headers: z.object({
    template: z.enum(['accepted', 'not-accepted', 'reply', 'recheck-decision']),
    /** Re-check notices: which decision (复查 or 复核). */
    stage: z.enum(['review', 're-review']).optional(),
  }),
  async handle({ petitionId, leadUnit, rejectReason }, { headers, deps, jobKey, logger }) {
    const petition = await petitionOf(deps, petitionId);
    const act = await systemAct(deps, 'notify-petitioner');
    const identity = await revealPetitionerIdentity(deps.db, deps.dataKey, petition.petitionerId);
    const recipient = identity?.phone
      ? { channel: 'sms' as const, to: identity.phone }
      : identity?.address
        ? { channel: 'letter' as const, to: identity.address }
        : undefined;
    if (!recipient) {
      logger.warn({ petition: petition.number }, 'petitioner has no phone or address: notice recorded only');
      await addTimelineEntry(deps.db, petition.id, 'notice-undeliverable', act, {
        template: headers.template,
      });
      return {};
    }
    const unit =
      headers.template === 'recheck-decision' ? '' : await unitName(deps, leadUnit ?? petition.leadUnit);
    const params =
      headers.template === 'recheck-decision'
        ? { petitionNumber: petition.number, level: headers.stage ?? 'review' }
        : headers.template === 'reply'
          ? {
              petitionNumber: petition.number,
              unitName: unit,
              evaluationCode: evaluationCode(petition.number),
            }
          : headers.template === 'not-accepted'
            ? {
                petitionNumber: petition.number,
                unitName: unit,
                reason: rejectReason || '不属于本单位受理范围',
              }
            : { petitionNumber: petition.number, unitName: unit };
    const { created } = await enqueue(deps.db, {
      petitionId: petition.id,
      petitionNumber: petition.number,
      channel: recipient.channel,
      recipient: recipient.to,
      template: headers.template,
      params,
      idempotencyKey: `job:${jobKey}`,
      at: act.at,
    });
    if (created) {
      await addTimelineEntry(deps.db, petition.id, 'notice-queued', act, {
        template: headers.template,
        channel: recipient.channel,
      });
    }
    return {};
  },
});
