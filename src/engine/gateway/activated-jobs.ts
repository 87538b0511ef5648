// What both job-activation RPCs share: validation, the job message, cancellation, giving jobs back.
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ActivatedJob } from '../api.js';
import { EngineError, invalidArgument, toError } from '../errors.js';
import { DEFAULT_TENANT, type GatewayContext } from './context.js';
import { checkTenantIds, int64ToNumber, requireText } from './fields.js';
import type { GrpcActivatedJob } from './messages.js';
import { toGrpcStatus } from './status.js';
import { ENDED, linkedAbort, type LinkedAbort } from './waiting.js';

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
export function validateActivation(
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
export async function giveBack(ctx: GatewayContext, jobs: ActivatedJob[], method: string): Promise<void> {
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

/**
 * Writes `messages` to the call and resolves, for each, whether it left for the client. grpc-js
 * calls a write back once the message is flushed to the connection; when the client cancels
 * first it drops the message and never calls back. A check of `call.cancelled` before writing
 * cannot close that window, so the jobs in a message that did not leave must be given back.
 */
export function sendMessages<T>(call: ServerWritableStream<unknown, T>, messages: T[]): Promise<boolean[]> {
  const flushed = messages.map(() => false);
  if (call.cancelled || messages.length === 0) return Promise.resolve(flushed);
  return new Promise((resolve) => {
    let pending = messages.length;
    // Decided at the cancellation: what was not flushed by then is never sent.
    const settle = () => {
      call.off('cancelled', settle);
      resolve([...flushed]);
    };
    call.once('cancelled', settle);
    messages.forEach((message, index) => {
      call.write(message, (error: unknown) => {
        if (error) return;
        flushed[index] = true;
        pending -= 1;
        if (pending === 0) settle();
      });
    });
  });
}

/** Errors that say the engine is (momentarily) unable to serve, not that the request is wrong. */
export function isOutage(thrown: unknown): boolean {
  return !(thrown instanceof EngineError) || thrown.code === 'UNAVAILABLE';
}

/** A call-scoped abort: fires when the client cancels or the gateway stops. */
export function abortForCall(ctx: GatewayContext, call: ServerWritableStream<unknown, unknown>): LinkedAbort {
  const cancelled = new AbortController();
  if (call.cancelled) cancelled.abort(ENDED);
  call.once('cancelled', () => cancelled.abort(ENDED));
  return linkedAbort(cancelled.signal, ctx.shutdown);
}

export function failCall(
  ctx: GatewayContext,
  call: ServerWritableStream<unknown, unknown>,
  method: string,
  thrown: unknown,
) {
  const grpcStatus = toGrpcStatus(thrown, method, ctx.logger);
  if (!call.cancelled) call.emit('error', grpcStatus);
}
