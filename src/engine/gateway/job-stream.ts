// StreamActivatedJobs: a long-lived stream that pushes jobs as they become activatable.
import { once } from 'node:events';
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ActivatedJob } from '../api.js';
import { toError } from '../errors.js';
import {
  abortForCall,
  failCall,
  giveBack,
  isOutage,
  toGrpcJob,
  validateActivation,
} from './activated-jobs.js';
import type { GatewayContext } from './context.js';
import type { GrpcActivatedJob, StreamActivatedJobsRequest } from './messages.js';
import { endWaiting, linkedAbort, pause, startWaiting, waitForWakeUp } from './waiting.js';

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
export async function streamActivatedJobs(
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
        // From now on a new job may be activated for this stream directly.
        wait.accept(activation);
        await waitForWakeUp(wait.outcome, ctx.options.recheckIntervalMs, callAbort.signal);
        const handed = await endWaiting(wait, round);
        const unsentHanded = await pushJobs(call, handed, callAbort.signal);
        if (unsentHanded.length > 0) {
          await giveBack(ctx, unsentHanded, method);
          break;
        }
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
    failCall(ctx, call, method, thrown);
  } finally {
    callAbort.dispose();
  }
}
