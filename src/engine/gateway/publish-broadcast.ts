// PublishMessage and BroadcastSignal.
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { invalidArgument } from '../errors.js';
import { DEFAULT_TENANT, type GatewayContext } from './context.js';
import { checkTenant, int64ToNumber, parseVariables, requireText } from './fields.js';
import type {
  BroadcastSignalRequest,
  BroadcastSignalResponse,
  PublishMessageRequest,
  PublishMessageResponse,
} from './messages.js';
import { unary } from './status.js';

export function publishBroadcastHandlers(ctx: GatewayContext): UntypedServiceImplementation {
  const { engine } = ctx;
  return {
    PublishMessage: unary<PublishMessageRequest, PublishMessageResponse>(
      ctx,
      'PublishMessage',
      async (request) => {
        const method = 'PublishMessage';
        checkTenant(request.tenantId, method);
        requireText(request.name, 'name', method);
        const timeToLive = int64ToNumber(request.timeToLive, 'timeToLive');
        if (timeToLive < 0) throw invalidArgument(`timeToLive must not be negative, got ${timeToLive}`);
        const variables = parseVariables(request.variables);
        const { key } = await engine.publishMessage({
          name: request.name,
          correlationKey: request.correlationKey,
          timeToLive,
          // proto3 sends "" for an absent id: no id, no duplicate check.
          messageId: request.messageId === '' ? undefined : request.messageId,
          variables,
        });
        return { key, tenantId: DEFAULT_TENANT };
      },
    ),

    BroadcastSignal: unary<BroadcastSignalRequest, BroadcastSignalResponse>(
      ctx,
      'BroadcastSignal',
      async (request) => {
        const method = 'BroadcastSignal';
        checkTenant(request.tenantId, method);
        requireText(request.signalName, 'signalName', method);
        const { key } = await engine.broadcastSignal({
          signalName: request.signalName,
          variables: parseVariables(request.variables),
        });
        return { key, tenantId: DEFAULT_TENANT };
      },
    ),
  };
}
