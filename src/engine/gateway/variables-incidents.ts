// SetVariables and ResolveIncident.
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { GatewayContext } from './context.js';
import { parseVariables } from './fields.js';
import type { Empty, ResolveIncidentRequest, SetVariablesRequest, SetVariablesResponse } from './messages.js';
import { unary } from './status.js';

export function variableIncidentHandlers(ctx: GatewayContext): UntypedServiceImplementation {
  const { engine } = ctx;
  return {
    SetVariables: unary<SetVariablesRequest, SetVariablesResponse>(ctx, 'SetVariables', async (request) => {
      const key = await engine.setVariables(
        request.elementInstanceKey,
        parseVariables(request.variables),
        request.local,
      );
      return { key };
    }),

    ResolveIncident: unary<ResolveIncidentRequest, Empty>(ctx, 'ResolveIncident', async (request) => {
      await engine.resolveIncident(request.incidentKey);
      return {};
    }),
  };
}
