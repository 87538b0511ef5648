// Topology: one broker holding the one partition, always its healthy leader.
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { GATEWAY_VERSION, type GatewayContext } from './context.js';
import type { Empty, TopologyResponse } from './messages.js';
import { unary } from './status.js';

export function topologyResponse(ctx: GatewayContext): TopologyResponse {
  return {
    brokers: [
      {
        nodeId: 0,
        host: ctx.advertised.host,
        port: ctx.advertised.port,
        partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
        version: GATEWAY_VERSION,
      },
    ],
    clusterSize: 1,
    partitionsCount: 1,
    replicationFactor: 1,
    gatewayVersion: GATEWAY_VERSION,
  };
}

export function topologyHandlers(ctx: GatewayContext): UntypedServiceImplementation {
  return {
    Topology: unary<Empty, TopologyResponse>(ctx, 'Topology', () => Promise.resolve(topologyResponse(ctx))),
  };
}
