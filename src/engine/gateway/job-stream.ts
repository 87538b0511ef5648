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
import { endWaiting, linkedAbort, pause, startWaiting, waitForWakeUp, type Waiting } from './waiting.js';

/**
 * A busy stream looks in the database at least this often even when it need not (see
 * `nothingNew`): back-offs that ran out and expired job locks announce themselves to no one, and
 * an idle stream finds them this soon too (the engine ends every wait after 500 ms).
 */
const LOOK_AT_LEAST_EVERY_MS = 500;

/** The last look in the database that found less than a full batch: it left nothing there. */
interface Drained {
  mark: number;
  at: number;
}

/**
 * True when a look in the database would find nothing for this round: the last wait was handed
 * jobs, and since the last look that left nothing behind no job of the type was left for pollers
 * (equal marks), so every new job went straight to a waiting call. Saves one transaction per
 * wake-up of a busy stream.
 */
function nothingNew(wait: Waiting, drained: Drained | undefined, handedLastRound: boolean): boolean {
  return (
    handedLastRound &&
    drained !== undefined &&
    wait.mark !== undefined &&
    wait.mark === drained.mark &&
    Date.now() - drained.at < LOOK_AT_LEAST_EVERY_MS
  );
}

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
    let drained: Drained | undefined;
    let handedLastRound = false;
    while (!callAbort.signal.aborted) {
      const round = linkedAbort(callAbort.signal);
      const wait = startWaiting(ctx.engine, request.type, round.signal);
      try {
        let jobs: ActivatedJob[] = [];
        if (!nothingNew(wait, drained, handedLastRound)) {
          const at = Date.now();
          jobs = await ctx.engine.activateJobs(activation);
          drained = jobs.length < batchSize && wait.mark !== undefined ? { mark: wait.mark, at } : undefined;
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
        drained = undefined;
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
