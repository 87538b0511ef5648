// remind-unit: the near-due reminder (临期提醒) to the responsible unit, before a deadline.
import { z } from 'zod';
import { enqueue } from '../src/domain/notifications/index.js';
import { addTimelineEntry } from '../src/domain/petitions/index.js';
import { defineWorker } from './lib/define-worker.js';
import { PermanentFailure } from './lib/outcome.js';
import { petitionOf, systemAct, unitName } from './lib/petition.js';

export const remindUnit = defineWorker({
  jobType: 'remind-unit',
  variables: z.object({
    petitionId: z.string().min(1),
    leadUnit: z.string().optional(),
    acceptDue: z.string().optional(),
    handleDue: z.string().optional(),
  }),
  headers: z.object({ stage: z.enum(['accept', 'handle']) }),
  async handle(variables, { headers, deps }) {
    const petition = await petitionOf(deps, variables.petitionId);
    const unitCode = variables.leadUnit ?? petition.leadUnit;
    const deadline = headers.stage === 'accept' ? variables.acceptDue : variables.handleDue;
    if (!deadline) throw new PermanentFailure(`A reminder needs the ${headers.stage} deadline`);
    const act = await systemAct(deps, 'remind-unit');
    const { created } = await enqueue(deps.db, {
      petitionId: petition.id,
      petitionNumber: petition.number,
      channel: 'sms',
      // Units are reached through the office's messaging account for the unit.
      recipient: `unit:${unitCode}`,
      template: 'unit-reminder',
      params: {
        petitionNumber: petition.number,
        unitName: await unitName(deps, unitCode ?? null),
        stage: headers.stage,
        deadline,
      },
      // One reminder per deadline, however often the task is re-entered.
      idempotencyKey: `${petition.number}:remind:${headers.stage}:${deadline}`,
      at: act.at,
    });
    if (created)
      await addTimelineEntry(deps.db, petition.id, 'near-due-reminder', act, {
        stage: headers.stage,
        unit: unitCode,
        deadline,
      });
    return {};
  },
});
