// Maps what handlers throw to gRPC statuses, and wraps async unary handlers.
import { status, type handleUnaryCall, type ServerUnaryCall, type StatusObject } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { EngineError, toError, type EngineErrorCode } from '../errors.js';
import type { GatewayContext } from './context.js';

const STATUS_OF_ENGINE_CODE: Record<EngineErrorCode, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  UNAVAILABLE: status.UNAVAILABLE,
};

/** A rejection decided by the gateway itself with a status the engine has no code for. */
export class GatewayStatusError extends Error {
  override readonly name = 'GatewayStatusError';
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

export type GrpcStatus = Pick<StatusObject, 'code' | 'details'>;

function describeEngineError(error: EngineError): string {
  const lines = error.details.map((detail) => {
    const where = detail.elementId ?? detail.resourceName;
    return where === undefined ? `- ${detail.message}` : `- '${where}': ${detail.message}`;
  });
  return [error.message, ...lines].join('\n');
}

/**
 * The status to answer with. Engine rejections keep their code and message; anything else is a
 * bug or an outage: INTERNAL, logged with its stack.
 */
export function toGrpcStatus(thrown: unknown, method: string, logger: Logger): GrpcStatus {
  if (thrown instanceof EngineError) {
    logger.debug({ method, code: thrown.code, err: thrown }, 'request rejected');
    return { code: STATUS_OF_ENGINE_CODE[thrown.code], details: describeEngineError(thrown) };
  }
  if (thrown instanceof GatewayStatusError) {
    logger.debug({ method, code: thrown.code, err: thrown }, 'request rejected');
    return { code: thrown.code, details: thrown.message };
  }
  const error = toError(thrown);
  logger.error({ method, err: error }, 'request failed unexpectedly');
  return { code: status.INTERNAL, details: `Unexpected error while handling ${method}: ${error.message}` };
}

/** A unary handler from an async function; rejections become statuses via `toGrpcStatus`. */
export function unary<Req, Res>(
  ctx: GatewayContext,
  method: string,
  handler: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    void handler(call.request, call).then(
      (response) => callback(null, response),
      (thrown: unknown) => callback(toGrpcStatus(thrown, method, ctx.logger)),
    );
  };
}
