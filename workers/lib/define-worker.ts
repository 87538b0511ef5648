// One worker per job type. A definition names the job type, validates the job's variables and
// headers with zod, and returns the variables to complete with; the wrapper turns every outcome
// into the right job command, so no handler can forget one.
import type { Camunda8 } from '@camunda8/sdk';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { WorkerDeps } from './deps.js';
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

export interface WorkerSpec<V extends z.ZodType, H extends z.ZodType> {
  jobType: string;
  /** The variables the handler reads (only these are fetched). */
  variables: V;
  headers: H;
  handle(variables: z.infer<V>, context: JobContext<z.infer<H>>): Promise<Record<string, unknown>>;
  /** Lock time per job (ms). */
  timeout?: number;
}

export interface RunningWorker {
  close(): Promise<unknown>;
}

export interface WorkerDefinition {
  jobType: string;
  start(zeebe: ZeebeGrpcClient, deps: WorkerDeps, logger: Logger): RunningWorker;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

export function defineWorker<V extends z.ZodObject, H extends z.ZodType>(spec: WorkerSpec<V, H>): WorkerDefinition {
  return {
    jobType: spec.jobType,
    start(zeebe, deps, logger) {
      return zeebe.createWorker({
        taskType: spec.jobType,
        fetchVariable: Object.keys(spec.variables.shape),
        timeout: spec.timeout ?? 60_000,
        maxJobsToActivate: 8,
        taskHandler: async (job) => {
          const log = logger.child({ jobKey: job.key, processInstanceKey: job.processInstanceKey });
          const variables = spec.variables.safeParse(job.variables);
          const headers = spec.headers.safeParse(job.customHeaders);
          const problem = !variables.success
            ? `variables — ${describeIssues(variables.error)}`
            : !headers.success
              ? `headers — ${describeIssues(headers.error)}`
              : undefined;
          if (problem !== undefined || !variables.success || !headers.success) {
            log.error({ problem }, 'job input is invalid');
            return job.fail({ errorMessage: `Invalid job input: ${problem ?? 'unknown'}`, retries: 0 });
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
            return job.complete(output as Parameters<typeof job.complete>[0]);
          } catch (error: unknown) {
            if (error instanceof BusinessError) {
              log.info({ code: error.code }, error.message);
              return job.error({ errorCode: error.code, errorMessage: error.message, variables: {} });
            }
            const message = error instanceof Error ? error.message : String(error);
            const retries = error instanceof PermanentFailure ? 0 : job.retries - 1;
            log.warn({ err: error, retries }, 'job failed');
            return job.fail({ errorMessage: message, retries, retryBackOff: retryBackOff(retries) });
          }
        },
      });
    },
  };
}
