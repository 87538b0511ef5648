// Job commands. Each locks the job's instance (found through the job row) and works on the job
// row loaded (and locked) with the instance's live state. Messages follow Zeebe's wording.
import type { ActivateJobsRequest, FailJobRequest, ThrowErrorRequest, Variables } from '../api.js';
import { failedPrecondition, invalidArgument, notFound } from '../errors.js';
import { throwBpmnError } from '../runtime/throw-events.js';
import { recordJob } from '../runtime/jobs.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Job } from '../runtime/state.js';
import { isKey } from '../store/command-tx.js';
import { setLocalVariables } from '../runtime/variables.js';
import type { CommandHost } from './host.js';

export function checkActivation(request: ActivateJobsRequest): void {
  if (!request.type || request.type.trim() === '') {
    throw invalidArgument('Expected to activate jobs of a type, but type is blank');
  }
  if (!request.worker || request.worker.trim() === '') {
    throw invalidArgument('Expected to activate jobs with a worker name, but worker is blank');
  }
  if (!(request.timeout >= 1)) {
    throw invalidArgument(`Expected timeout to be greater than zero, but was '${request.timeout}'`);
  }
  if (!(request.maxJobsToActivate >= 1)) {
    throw invalidArgument(
      `Expected maxJobsToActivate to be greater than zero, but was '${request.maxJobsToActivate}'`,
    );
  }
}

type Verb = 'complete' | 'fail' | 'throw an error for' | 'update retries of' | 'update the timeout of';

/** The live job from the locked state, or the rejection Zeebe gives for its state. */
function liveJob(runtime: Runtime, jobKey: string, verb: Verb, allowed: Job['state'][]): Job {
  const job = runtime.ctx.jobs.get(jobKey);
  if (!job) throw notFound(`Expected to ${verb} job with key '${jobKey}', but no such job was found`);
  if (!allowed.includes(job.state)) {
    const why =
      job.state === 'FAILED'
        ? 'it is marked as failed'
        : job.state === 'ERROR_THROWN'
          ? 'an error was thrown for it'
          : `it is in state '${job.state}'`;
    throw failedPrecondition(`Expected to ${verb} job with key '${jobKey}', but ${why}`);
  }
  return job;
}

/** Runs `work` under the lock of the job's instance, found by the job key in the same round trip. */
async function onJob(
  host: CommandHost,
  jobKey: string,
  verb: Verb,
  work: (runtime: Runtime) => string | void,
): Promise<string> {
  const missing = () => notFound(`Expected to ${verb} job with key '${jobKey}', but no such job was found`);
  if (!isKey(jobKey)) throw missing();
  const type = await host.onInstance({ jobKey }, work, { missing });
  return typeof type === 'string' ? type : '';
}

export function completeJob(host: CommandHost, jobKey: string, variables: Variables): Promise<string> {
  return onJob(host, jobKey, 'complete', (runtime) => {
    const job = liveJob(runtime, jobKey, 'complete', ['ACTIVATABLE', 'ACTIVATED']);
    job.state = 'COMPLETED';
    runtime.ctx.jobs.touch(job);
    recordJob(runtime, job, 'COMPLETED');
    const element = runtime.element(job.elementInstanceKey);
    runtime.applyCompletionVariables(element, variables);
    runtime.queueCompletion(element);
    return job.type;
  });
}

export function failJob(
  host: CommandHost,
  request: FailJobRequest & { variables: Variables },
): Promise<string> {
  return onJob(host, request.jobKey, 'fail', (runtime) => {
    const { ctx } = runtime;
    const job = liveJob(runtime, request.jobKey, 'fail', ['ACTIVATABLE', 'ACTIVATED']);
    job.retries = request.retries;
    job.errorMessage = request.errorMessage ?? null;
    job.worker = null;
    job.deadline = null;
    setLocalVariables(ctx, runtime.keys, job.elementInstanceKey, request.variables);
    if (request.retries > 0) {
      job.state = 'ACTIVATABLE';
      job.activatableAt = ctx.now + Math.max(0, request.retryBackOff ?? 0);
      ctx.jobTypesToNotify.add(job.type);
    } else {
      job.state = 'FAILED';
      const element = runtime.element(job.elementInstanceKey);
      const message = request.errorMessage || 'No more retries left.';
      runtime.raiseIncident(element, 'JOB_NO_RETRIES', message, { kind: 'job' }, job.key);
    }
    ctx.jobs.touch(job);
    recordJob(runtime, job, 'FAILED');
    return job.type;
  });
}

export function throwError(
  host: CommandHost,
  request: ThrowErrorRequest & { variables: Variables },
): Promise<string> {
  if (!request.errorCode || request.errorCode.trim() === '') {
    return Promise.reject(invalidArgument('Expected an error code, but errorCode is blank'));
  }
  return onJob(host, request.jobKey, 'throw an error for', (runtime) => {
    const job = liveJob(runtime, request.jobKey, 'throw an error for', ['ACTIVATABLE', 'ACTIVATED']);
    job.state = 'ERROR_THROWN';
    job.errorCode = request.errorCode;
    job.errorMessage = request.errorMessage ?? null;
    runtime.ctx.jobs.touch(job);
    recordJob(runtime, job, 'ERROR_THROWN');
    const element = runtime.element(job.elementInstanceKey);
    throwBpmnError(
      runtime,
      element,
      request.errorCode,
      request.errorMessage ?? '',
      request.variables,
      { kind: 'job' },
      job.key,
    );
    return job.type;
  });
}

export async function updateRetries(host: CommandHost, jobKey: string, retries: number): Promise<void> {
  if (!Number.isInteger(retries) || retries < 1) {
    throw invalidArgument(`Expected retries to be greater than zero, but was '${retries}'`);
  }
  await onJob(host, jobKey, 'update retries of', (runtime) => {
    const job = liveJob(runtime, jobKey, 'update retries of', [
      'ACTIVATABLE',
      'ACTIVATED',
      'FAILED',
      'ERROR_THROWN',
    ]);
    job.retries = retries;
    runtime.ctx.jobs.touch(job);
    recordJob(runtime, job, 'RETRIES_UPDATED');
  });
}

export async function updateTimeout(host: CommandHost, jobKey: string, timeout: number): Promise<void> {
  if (!Number.isFinite(timeout) || timeout < 1) {
    throw invalidArgument(`Expected timeout to be greater than zero, but was '${timeout}'`);
  }
  await onJob(host, jobKey, 'update the timeout of', (runtime) => {
    const job = liveJob(runtime, jobKey, 'update the timeout of', ['ACTIVATED']);
    job.deadline = runtime.ctx.now + timeout;
    runtime.ctx.jobs.touch(job);
    recordJob(runtime, job, 'TIMEOUT_UPDATED');
  });
}
