// One worker per job type. A definition names the job type, validates the job's variables and
// headers with zod, and returns the variables to complete with; the wrapper turns every outcome
// into the right job command, so no handler can forget one. Every log line of a job names the
// job, its process instance and element and, when the job has one, the petition number.
import type { Camunda8 } from '@camunda8/sdk';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { WorkerDeps } from './deps.js';
import {
  declareHeaders,
  headerIssues,
  type HeaderDeclaration,
  type HeaderIssue,
  type TaskHeader,
} from './headers.js';
import { BusinessError, PermanentFailure, retryBackOff } from './outcome.js';

type ZeebeGrpcClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

export interface JobContext<H> {
  /** The job key: the idempotency key of anything the handler creates. */
  jobKey: string;
  processInstanceKey: string;
  elementId: string;
  headers: H;
  deps: WorkerDeps;
  logger: Logger;
}

export interface WorkerSpec<V extends z.ZodType, H extends z.ZodObject> {
  jobType: string;
  /** The variables the handler reads (only these are fetched). */
  variables: V;
  /**
   * The task headers the handler reads: string enums (optional or defaulted allowed), with
   * refinements across headers if one limits another; `z.object({})` for none. See headers.ts.
   */
  headers: H;
  handle(variables: z.infer<V>, context: JobContext<z.infer<H>>): Promise<Record<string, unknown>>;
  /** Lock time per job (ms). */
  timeout?: number;
}

export interface RunningWorker {
  close(): Promise<unknown>;
}

/** The SDK worker's in-flight ActivateJobs call; not public API, hence looked up defensively. */
interface PollingWorker {
  close(): unknown;
  jobStream?: { cancel?: () => void };
}

/**
 * Closes an SDK polling worker without stranding jobs. The SDK's close() leaves an ActivateJobs
 * call that is in flight open while the worker still handles jobs, and drops whatever that call
 * brings: those jobs would stay locked until their timeout. Cancelling the call first ends the
 * long poll at once and the gateway gives back what it activated for it; a response that arrived
 * before is still worked. A poll that was being opened just then is cancelled once close() ends.
 */
export async function closePromptly(worker: { close(): unknown }): Promise<void> {
  const polling = worker as PollingWorker;
  polling.jobStream?.cancel?.();
  await polling.close();
  polling.jobStream?.cancel?.();
}

export interface WorkerDefinition {
  jobType: string;
  start(zeebe: ZeebeGrpcClient, deps: WorkerDeps, logger: Logger): RunningWorker;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/** The job as a handler sees it: the SDK's job, or a fake one in unit tests. */
export interface JobLike {
  key: string;
  processInstanceKey: string;
  elementId: string;
  retries: number;
  variables: unknown;
  customHeaders: unknown;
  complete(variables?: Record<string, unknown>): Promise<unknown>;
  fail(failure: { errorMessage: string; retries: number; retryBackOff?: number }): Promise<unknown>;
  error(error: {
    errorCode: string;
    errorMessage: string;
    variables: Record<string, unknown>;
  }): Promise<unknown>;
}

/** The fields that tie a job's log lines to the job, its process instance and its petition. */
export function jobLogFields(jobType: string, job: JobLike): Record<string, string> {
  // Every petition process carries the petition's number in `petitionId` (docs/lifecycle.md).
  const number =
    typeof job.variables === 'object' && job.variables !== null
      ? (job.variables as { petitionId?: unknown }).petitionId
      : undefined;
  return {
    jobKey: job.key,
    jobType,
    processInstanceKey: job.processInstanceKey,
    elementId: job.elementId,
    ...(typeof number === 'string' && number !== '' ? { petitionNumber: number } : {}),
  };
}

/** Runs one job through a spec: validate, handle, and end the job in exactly one way. */
export async function runJob<V extends z.ZodObject, H extends z.ZodObject>(
  spec: WorkerSpec<V, H>,
  job: JobLike,
  deps: WorkerDeps,
  logger: Logger,
): Promise<unknown> {
  const { jobType, ...fields } = jobLogFields(spec.jobType, job);
  // startWorkers already names the job type on the worker's logger; a second one would repeat it.
  const log = logger.child('jobType' in logger.bindings() ? fields : { jobType, ...fields });
  const started = Date.now();
  const variables = spec.variables.safeParse(job.variables);
  const headers = spec.headers.safeParse(job.customHeaders);
  if (!variables.success || !headers.success) {
    const problem = !variables.success
      ? `variables — ${describeIssues(variables.error)}`
      : `headers — ${describeIssues((headers as { error: z.ZodError }).error)}`;
    log.error({ problem }, 'job input is invalid');
    return job.fail({ errorMessage: `Invalid job input: ${problem}`, retries: 0 });
  }
  try {
    const output = await spec.handle(variables.data, {
      jobKey: job.key,
      processInstanceKey: job.processInstanceKey,
      elementId: job.elementId,
      headers: headers.data,
      deps,
      logger: log,
    });
    const completed = await job.complete(output);
    log.debug({ ms: Date.now() - started }, 'job completed');
    return completed;
  } catch (error: unknown) {
    if (error instanceof BusinessError) {
      log.info({ code: error.code }, error.message);
      return job.error({ errorCode: error.code, errorMessage: error.message, variables: {} });
    }
    const message = error instanceof Error ? error.message : String(error);
    const retries = error instanceof PermanentFailure ? 0 : Math.max(0, job.retries - 1);
    log.warn({ err: error, retries }, 'job failed');
    return job.fail({ errorMessage: message, retries, retryBackOff: retryBackOff(retries) });
  }
}

export interface DefinedWorker<V extends z.ZodObject, H extends z.ZodObject> extends WorkerDefinition {
  spec: WorkerSpec<V, H>;
  /** The task headers the worker reads and their accepted values (model lint, element templates). */
  headers: readonly HeaderDeclaration[];
  /** What is wrong with a task's headers in a model, for this worker; [] when nothing. */
  checkHeaders(headers: readonly TaskHeader[]): HeaderIssue[];
}

export function defineWorker<V extends z.ZodObject, H extends z.ZodObject>(
  spec: WorkerSpec<V, H>,
): DefinedWorker<V, H> {
  // At definition, so a header the lint and the templates could not describe fails at load.
  const headers = declareHeaders(spec.jobType, spec.headers);
  return {
    jobType: spec.jobType,
    spec,
    headers,
    checkHeaders: (values) => headerIssues(spec.headers, headers, values),
    start(zeebe, deps, logger) {
      const worker = zeebe.createWorker({
        taskType: spec.jobType,
        fetchVariable: Object.keys(spec.variables.shape),
        timeout: spec.timeout ?? 60_000,
        maxJobsToActivate: 8,
        // Asks again this soon after a poll ended (the SDK's default is 300 ms): safe because
        // closePromptly ends a poll still in flight, so no job is left with a closed worker.
        pollInterval: 50,
        taskHandler: (job) => runJob(spec, job as unknown as JobLike, deps, logger) as never,
      });
      return { close: () => closePromptly(worker) };
    },
  };
}
