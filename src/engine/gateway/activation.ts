// Job activation: ActivateJobs with long polling, and the StreamActivatedJobs push stream.
import { once } from 'node:events';
import type { ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { ActivatedJob } from '../api.js';
import { EngineError, invalidArgument, toError } from '../errors.js';
import { DEFAULT_TENANT, type GatewayContext } from './context.js';
import { checkTenantIds, int64ToNumber, requireText } from './fields.js';
import type {
  ActivateJobsRequest,
  ActivateJobsResponse,
  GrpcActivatedJob,
  StreamActivatedJobsRequest,
} from './messages.js';
import { toGrpcStatus } from './status.js';
import { linkedAbort, pause, startWaiting, waitForWakeUp, type LinkedAbort } from './waiting.js';

export function toGrpcJob(job: ActivatedJob): GrpcActivatedJob {
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: job.processDefinitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: JSON.stringify(job.customHeaders),
    worker: job.worker,
    retries: job.retries,
    deadline: job.deadline,
    variables: JSON.stringify(job.variables),
    tenantId: job.tenantId === '' ? DEFAULT_TENANT : job.tenantId,
  };
}

/** Validation shared by both activation RPCs; returns the lock timeout in ms. */
function validateActivation(
  request: { type: string; worker: string; timeout: string; tenantIds: string[] },
  method: string,
): number {
  requireText(request.type, 'type', method);
  requireText(request.worker, 'worker', method);
  const timeout = int64ToNumber(request.timeout, 'timeout');
  if (timeout < 1) {
    throw invalidArgument(`Expected ${method} with a timeout of at least 1 ms, but got ${timeout}`);
  }
  checkTenantIds(request.tenantIds, method);
  return timeout;
}

/**
 * Jobs activated for a call that went away before they were sent: fail them with unchanged retries
 * and no back-off, so they can be activated again at once instead of waiting for their timeout.
 */
async function giveBack(ctx: GatewayContext, jobs: ActivatedJob[], method: string): Promise<void> {
  for (const job of jobs) {
    try {
      await ctx.engine.failJob({
        jobKey: job.key,
        retries: job.retries,
        retryBackOff: 0,
        errorMessage: `The job was activated for worker '${job.worker}', but ${method} was cancelled before it could be sent`,
      });
    } catch (thrown: unknown) {
      ctx.logger.warn(
        { method, jobKey: job.key, err: toError(thrown) },
        'could not give back an undelivered job',
      );
    }
  }
}

/** Errors that say the engine is (momentarily) unable to serve, not that the request is wrong. */
function isOutage(thrown: unknown): boolean {
  return !(thrown instanceof EngineError) || thrown.code === 'UNAVAILABLE';
}

/** A call-scoped abort: fires when the client cancels or the gateway stops. */
function abortForCall(ctx: GatewayContext, call: ServerWritableStream<unknown, unknown>): LinkedAbort {
  const cancelled = new AbortController();
  if (call.cancelled) cancelled.abort();
  call.once('cancelled', () => cancelled.abort());
  return linkedAbort(cancelled.signal, ctx.shutdown);
}

function fail(
  ctx: GatewayContext,
  call: ServerWritableStream<unknown, unknown>,
  method: string,
  thrown: unknown,
) {
  const grpcStatus = toGrpcStatus(thrown, method, ctx.logger);
  if (!call.cancelled) call.emit('error', grpcStatus);
}

/**
 * ActivateJobs: activates what is available; when nothing is and the request allows long
 * polling, holds the call until a job is activated or requestTimeout passes (0: the default,
 * negative: answer at once). Jobs go out in one response, then the stream ends. Like Zeebe, a call
 * that activated nothing ends without a response message.
 */
async function activateJobs(
  ctx: GatewayContext,
  call: ServerWritableStream<ActivateJobsRequest, ActivateJobsResponse>,
): Promise<void> {
  const method = 'ActivateJobs';
  const { request } = call;
  const callAbort = abortForCall(ctx, call);
  try {
    const timeout = validateActivation(request, method);
    if (request.maxJobsToActivate < 1) {
      throw invalidArgument(
        `Expected ${method} with maxJobsToActivate of at least 1, but got ${request.maxJobsToActivate}`,
      );
    }
    const requestTimeout = int64ToNumber(request.requestTimeout, 'requestTimeout');
    const longPollMs = requestTimeout === 0 ? ctx.options.defaultLongPollMs : requestTimeout;
    const endsAt = Date.now() + Math.max(0, longPollMs);
    const activation = {
      type: request.type,
      worker: request.worker,
      timeout,
      maxJobsToActivate: request.maxJobsToActivate,
      fetchVariable: request.fetchVariable,
    };

    const longPolling = longPollMs > 0;
    for (;;) {
      const round = linkedAbort(callAbort.signal);
      try {
        const stillWaiting = longPolling && Date.now() < endsAt;
        const wait = stillWaiting ? startWaiting(ctx.engine, request.type, round.signal) : undefined;
        const jobs = await ctx.engine.activateJobs(activation);
        if (jobs.length > 0) {
          if (call.cancelled) {
            await giveBack(ctx, jobs, method);
            return;
          }
          call.write({ jobs: jobs.map(toGrpcJob) });
          call.end();
          return;
        }
        const remaining = endsAt - Date.now();
        if (wait === undefined || remaining <= 0 || callAbort.signal.aborted) break;
        const reason = await waitForWakeUp(
          wait,
          Math.min(remaining, ctx.options.recheckIntervalMs),
          callAbort.signal,
        );
        if (reason === 'aborted') break;
      } finally {
        round.dispose();
      }
    }
    if (!call.cancelled) call.end();
  } catch (thrown: unknown) {
    fail(ctx, call, method, thrown);
  } finally {
    callAbort.dispose();
  }
}

/** Waits until a backed-up stream can take more; false when the call ended or was aborted first. */
async function drained(call: ServerWritableStream<unknown, unknown>, signal: AbortSignal): Promise<boolean> {
  try {
    await once(call, 'drain', { signal });
    return true;
  } catch {
    return false;
  }
}

/**
 * Pushes activated jobs one message each. Returns the jobs that could not be sent because the
 * call was cancelled or aborted meanwhile.
 */
async function pushJobs(
  call: ServerWritableStream<StreamActivatedJobsRequest, GrpcActivatedJob>,
  jobs: ActivatedJob[],
  signal: AbortSignal,
): Promise<ActivatedJob[]> {
  for (const [index, job] of jobs.entries()) {
    if (call.cancelled) return jobs.slice(index);
    const flushed = call.write(toGrpcJob(job));
    if (!flushed && !(await drained(call, signal))) return jobs.slice(index + 1);
  }
  return [];
}

/**
 * StreamActivatedJobs: stays open and pushes each job of the type as soon as it can be activated,
 * until the client cancels (or the gateway stops, which ends the stream normally).
 */
async function streamActivatedJobs(
  ctx: GatewayContext,
  call: ServerWritableStream<StreamActivatedJobsRequest, GrpcActivatedJob>,
): Promise<void> {
  const method = 'StreamActivatedJobs';
  const { request } = call;
  const callAbort = abortForCall(ctx, call);
  try {
    const timeout = validateActivation(request, method);
    const batchSize = ctx.options.streamBatchSize;
    const activation = {
      type: request.type,
      worker: request.worker,
      timeout,
      maxJobsToActivate: batchSize,
      fetchVariable: request.fetchVariable,
    };
    while (!callAbort.signal.aborted) {
      const round = linkedAbort(callAbort.signal);
      const wait = startWaiting(ctx.engine, request.type, round.signal);
      try {
        const jobs = await ctx.engine.activateJobs(activation);
        const unsent = await pushJobs(call, jobs, callAbort.signal);
        if (unsent.length > 0) {
          await giveBack(ctx, unsent, method);
          break;
        }
        if (jobs.length >= batchSize) continue;
        await waitForWakeUp(wait, ctx.options.recheckIntervalMs, callAbort.signal);
      } catch (thrown: unknown) {
        // The SDK never reopens a failed job stream, so an outage is waited out, not reported.
        if (!isOutage(thrown)) throw thrown;
        ctx.logger.warn(
          { method, type: request.type, err: toError(thrown) },
          'job stream retries after an error',
        );
        await pause(ctx.options.recheckIntervalMs, callAbort.signal);
      } finally {
        round.dispose();
      }
    }
    if (!call.cancelled) call.end();
  } catch (thrown: unknown) {
    if (call.cancelled) return;
    fail(ctx, call, method, thrown);
  } finally {
    callAbort.dispose();
  }
}

export function activationHandlers(ctx: GatewayContext): UntypedServiceImplementation {
  return {
    ActivateJobs: (call: ServerWritableStream<ActivateJobsRequest, ActivateJobsResponse>) => {
      void activateJobs(ctx, call);
    },
    StreamActivatedJobs: (call: ServerWritableStream<StreamActivatedJobsRequest, GrpcActivatedJob>) => {
      void streamActivatedJobs(ctx, call);
    },
  };
}
