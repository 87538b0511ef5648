// compute-deadlines: the stage's deadline and its escalation instants (near-due reminder,
// urging at the deadline, accountability after it) on the working-day calendar, from the
// county's deadline rules. Starts at engine time (or, for an extension, at the current deadline).
import { z } from 'zod';
import { CalendarError } from '../src/domain/calendar/index.js';
import { deadlineRulesFor, loadCalendar } from '../src/domain/deadline-rules/index.js';
import { COUNTY_TARGETS, escalationPlan } from '../src/domain/deadlines/index.js';
import { recordDeadline, updateStage } from '../src/domain/petitions/index.js';
import { defineWorker } from './lib/define-worker.js';
import { PermanentFailure } from './lib/outcome.js';
import { petitionOf, systemAct } from './lib/petition.js';

const iso = (ms: number) => new Date(ms).toISOString();

export const computeDeadlines = defineWorker({
  jobType: 'compute-deadlines',
  variables: z.object({
    petitionId: z.string().min(1),
    procedure: z.enum(['normal', 'simplified']).optional(),
    handleDue: z.string().optional(),
  }),
  headers: z.object({ stage: z.enum(['accept', 'handle', 'extension']) }),
  async handle({ petitionId, procedure = 'normal', handleDue }, { headers, deps }) {
    const petition = await petitionOf(deps, petitionId);
    const stage = headers.stage;
    const now = await deps.now();
    let start = now;
    if (stage === 'extension') {
      if (!handleDue) throw new PermanentFailure('An extension needs the current handleDue');
      start = Date.parse(handleDue);
    }
    const rules = await deadlineRulesFor(deps.db, stage, procedure);
    const rule =
      rules.target ?? rules.cap ?? COUNTY_TARGETS[procedure][stage === 'accept' ? 'accept' : 'handle'];
    let plan;
    try {
      plan = escalationPlan(rule, start, await loadCalendar(deps.db));
    } catch (error) {
      // An unpublished holiday schedule will not appear by retrying: an operator must act.
      if (error instanceof CalendarError) throw new PermanentFailure(error.message);
      throw error;
    }
    const act = await systemAct(deps, 'compute-deadlines');
    await recordDeadline(deps.db, petition.id, stage, new Date(plan.dueAt), act);
    await updateStage(deps.db, petition.id, stage === 'accept' ? 'acceptance' : 'handling', act);
    // `<stage>Due` etc.: the model copies an extension's instants onto the handling deadline.
    const prefix = stage;
    return {
      [`${prefix}Due`]: iso(plan.dueAt),
      [`${prefix}RemindAt`]: iso(plan.remindAt),
      [`${prefix}AccountAt`]: iso(plan.accountabilityAt),
    };
  },
});
