// Jobs a command makes activatable go straight to long polls that wait for their type: the command
// activates them in its own transaction (state, worker, deadline and the ACTIVATED record, as an
// activation would write them) and the waiting calls get them once it has committed. A job is
// thus never activated twice: it is activated by the transaction that creates it, under the
// instance lock, before any other activation can see it.
import type { ActivatedJob } from './api.js';
import type { JobWaiter, Notifier } from './notifier.js';
import type { InstanceContext, Job } from './runtime/state.js';
import { visibleVariables } from './runtime/variables.js';

export interface HandOver {
  /** After commit: the waiting calls get their jobs. Returns how many jobs of each type went out. */
  deliver(): Map<string, number>;
  /** The command failed: the waiting calls end empty and look for themselves. */
  release(): void;
}

/**
 * Activates the activatable jobs of a command's instances (several, when commands ran together) for
 * waiting long polls; undefined if none took any.
 */
export function handOverJobs(contexts: InstanceContext[], notifier: Notifier): HandOver | undefined {
  const candidates = contexts.flatMap((ctx) =>
    ctx.jobs
      .changedRows()
      .filter((job) => job.state === 'ACTIVATABLE' && job.activatableAt <= ctx.now)
      .map((job) => ({ ctx, job })),
  );
  if (candidates.length === 0) return undefined;
  const handed: { waiter: JobWaiter; jobs: ActivatedJob[] }[] = [];
  const leftTypes = new Set<string>();
  let current: { waiter: JobWaiter; jobs: ActivatedJob[] } | undefined;
  for (const { ctx, job } of candidates.sort((a, b) => Number(a.job.key) - Number(b.job.key))) {
    if (!current || current.waiter.type !== job.type || isFull(current)) {
      current = handed.find((entry) => entry.waiter.type === job.type && !isFull(entry));
      if (!current) {
        const waiter = notifier.reserveWaiter(job.type);
        if (!waiter) {
          leftTypes.add(job.type);
          continue;
        }
        current = { waiter, jobs: [] };
        handed.push(current);
      }
    }
    current.jobs.push(activate(ctx, job, current.waiter));
  }
  if (handed.length === 0) return undefined;
  // Types whose new jobs all went out need no wake-up: the other pollers would find nothing.
  for (const { waiter } of handed) {
    if (leftTypes.has(waiter.type)) continue;
    for (const ctx of contexts) ctx.jobTypesToNotify.delete(waiter.type);
  }
  return {
    deliver() {
      const counts = new Map<string, number>();
      for (const { waiter, jobs } of handed) {
        waiter.finish(jobs);
        counts.set(waiter.type, (counts.get(waiter.type) ?? 0) + jobs.length);
      }
      return counts;
    },
    release() {
      for (const { waiter } of handed) waiter.finish([]);
    },
  };
}

const isFull = (entry: { waiter: JobWaiter; jobs: ActivatedJob[] }) =>
  entry.jobs.length >= entry.waiter.request!.maxJobsToActivate;

function activate(ctx: InstanceContext, job: Job, waiter: JobWaiter): ActivatedJob {
  const request = waiter.request!;
  job.state = 'ACTIVATED';
  job.worker = request.worker;
  job.deadline = ctx.now + request.timeout;
  ctx.jobs.touch(job);
  ctx.records.push({
    key: job.key,
    valueType: 'JOB',
    intent: 'ACTIVATED',
    processInstanceKey: job.processInstanceKey,
    timestamp: ctx.now,
    value: {
      type: job.type,
      worker: job.worker,
      deadline: job.deadline,
      retries: job.retries,
      elementId: job.elementId,
    },
  });
  const all = visibleVariables(ctx, job.elementInstanceKey);
  const wanted = request.fetchVariable?.length ? new Set(request.fetchVariable) : undefined;
  const variables = wanted
    ? Object.fromEntries(Object.entries(all).filter(([name]) => wanted.has(name)))
    : all;
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: job.processDefinitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: job.customHeaders,
    worker: job.worker,
    retries: job.retries,
    deadline: job.deadline,
    variables,
    tenantId: '<default>',
  };
}
