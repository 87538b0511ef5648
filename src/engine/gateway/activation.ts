// ActivateJobs with long polling, registered together with StreamActivatedJobs (job-stream.ts).
import type { ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { ActivatedJob } from '../api.js';
import { invalidArgument } from '../errors.js';
import {
  abortForCall,
  failCall,
  giveBack,
  sendMessages,
  toGrpcJob,
  validateActivation,
} from './activated-jobs.js';
import type { GatewayContext } from './context.js';
import { int64ToNumber } from './fields.js';
import type {
  ActivateJobsRequest,
  ActivateJobsResponse,
  GrpcActivatedJob,
  StreamActivatedJobsRequest,
} from './messages.js';
import { streamActivatedJobs } from './job-stream.js';
import { endWaiting, linkedAbort, startWaiting, waitForWakeUp, type WakeReason } from './waiting.js';

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
        let jobs: ActivatedJob[] = [];
        if (wait === undefined || !ctx.drained.nothingNew(request.type, wait.mark)) {
          const at = Date.now();
          jobs = await ctx.engine.activateJobs(activation);
          ctx.drained.looked(request.type, wait?.mark, at, jobs.length, request.maxJobsToActivate);
        }
        let reason: WakeReason | undefined;
        if (jobs.length === 0 && wait !== undefined) {
          const remaining = endsAt - Date.now();
          if (remaining <= 0 || callAbort.signal.aborted) break;
          // Nothing there: a job created from now on may be activated for this call directly.
          wait.accept(activation);
          reason = await waitForWakeUp(
            wait.outcome,
            Math.min(remaining, ctx.options.recheckIntervalMs),
            callAbort.signal,
          );
          jobs = await endWaiting(wait, round);
        }
        if (jobs.length > 0) {
          // Only a response that left before the client went away counts as delivered.
          const [sent] = await sendMessages(call, [{ jobs: jobs.map(toGrpcJob) }]);
          if (!sent) {
            await giveBack(ctx, jobs, method);
            return;
          }
          call.end();
          return;
        }
        if (wait === undefined || reason === 'aborted') break;
      } finally {
        round.dispose();
      }
    }
    if (!call.cancelled) call.end();
  } catch (thrown: unknown) {
    failCall(ctx, call, method, thrown);
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
