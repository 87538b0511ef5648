// StreamActivatedJobs: a long-lived stream that pushes jobs as they become activatable.
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ActivatedJob } from '../api.js';
import { toError } from '../errors.js';
import {
  abortForCall,
  failCall,
  giveBack,
  isOutage,
  sendMessages,
  toGrpcJob,
  validateActivation,
} from './activated-jobs.js';
import type { GatewayContext } from './context.js';
import type { GrpcActivatedJob, StreamActivatedJobsRequest } from './messages.js';
import { endWaiting, linkedAbort, pause, startWaiting, waitForWakeUp } from './waiting.js';

/**
 * Pushes activated jobs one message each and waits until they are flushed (which also waits out a
 * backed-up stream). Returns the jobs that did not leave because the call was cancelled meanwhile.
 */
async function pushJobs(
  call: ServerWritableStream<StreamActivatedJobsRequest, GrpcActivatedJob>,
  jobs: ActivatedJob[],
): Promise<ActivatedJob[]> {
  const sent = await sendMessages(call, jobs.map(toGrpcJob));
  return jobs.filter((_, index) => !sent[index]);
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
    let handedLastRound = false;
    while (!callAbort.signal.aborted) {
      const round = linkedAbort(callAbort.signal);
      const wait = startWaiting(ctx.engine, request.type, round.signal);
      try {
        let jobs: ActivatedJob[] = [];
        // After a round that was handed jobs, a look may be needless (drained.ts).
        if (!(handedLastRound && ctx.drained.nothingNew(request.type, wait.mark))) {
          const at = Date.now();
          jobs = await ctx.engine.activateJobs(activation);
          ctx.drained.looked(request.type, wait.mark, at, jobs.length, batchSize);
        }
        handedLastRound = false;
        const unsent = await pushJobs(call, jobs);
        if (unsent.length > 0) {
          await giveBack(ctx, unsent, method);
          break;
        }
        if (jobs.length >= batchSize) continue;
        // From now on a new job may be activated for this stream directly.
        wait.accept(activation);
        await waitForWakeUp(wait.outcome, ctx.options.recheckIntervalMs, callAbort.signal);
        const handed = await endWaiting(wait, round);
        handedLastRound = handed.length > 0;
        const unsentHanded = await pushJobs(call, handed);
        if (unsentHanded.length > 0) {
          await giveBack(ctx, unsentHanded, method);
          break;
        }
      } catch (thrown: unknown) {
        // The SDK never reopens a failed job stream, so an outage is waited out, not reported.
        if (!isOutage(thrown)) throw thrown;
        handedLastRound = false;
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
