// Commands on one job: complete, fail, throw a BPMN error, update retries or timeout.
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { invalidArgument } from '../errors.js';
import type { GatewayContext } from './context.js';
import { int64ToNumber, parseVariables, requireText } from './fields.js';
import type {
  CompleteJobRequest,
  Empty,
  FailJobRequest,
  ThrowErrorRequest,
  UpdateJobRetriesRequest,
  UpdateJobTimeoutRequest,
} from './messages.js';
import { unary } from './status.js';

export function jobHandlers(ctx: GatewayContext): UntypedServiceImplementation {
  const { engine } = ctx;
  return {
    CompleteJob: unary<CompleteJobRequest, Empty>(ctx, 'CompleteJob', async (request) => {
      await engine.completeJob(request.jobKey, parseVariables(request.variables));
      return {};
    }),

    FailJob: unary<FailJobRequest, Empty>(ctx, 'FailJob', async (request) => {
      const retryBackOff = int64ToNumber(request.retryBackOff, 'retryBackOff');
      if (retryBackOff < 0) throw invalidArgument(`retryBackOff must not be negative, got ${retryBackOff}`);
      await engine.failJob({
        jobKey: request.jobKey,
        retries: request.retries,
        errorMessage: request.errorMessage,
        retryBackOff,
        variables: parseVariables(request.variables),
      });
      return {};
    }),

    ThrowError: unary<ThrowErrorRequest, Empty>(ctx, 'ThrowError', async (request) => {
      await engine.throwError({
        jobKey: request.jobKey,
        errorCode: requireText(request.errorCode, 'errorCode', 'ThrowError'),
        errorMessage: request.errorMessage,
        variables: parseVariables(request.variables),
      });
      return {};
    }),

    UpdateJobRetries: unary<UpdateJobRetriesRequest, Empty>(ctx, 'UpdateJobRetries', async (request) => {
      if (request.retries < 1) {
        throw invalidArgument(
          `Expected UpdateJobRetries with retries of at least 1, but got ${request.retries}`,
        );
      }
      await engine.updateJobRetries(request.jobKey, request.retries);
      return {};
    }),

    UpdateJobTimeout: unary<UpdateJobTimeoutRequest, Empty>(ctx, 'UpdateJobTimeout', async (request) => {
      const timeout = int64ToNumber(request.timeout, 'timeout');
      if (timeout < 0) throw invalidArgument(`timeout must not be negative, got ${timeout}`);
      await engine.updateJobTimeout(request.jobKey, timeout);
      return {};
    }),
  };
}
