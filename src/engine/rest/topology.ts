// GET /v2/topology in the Camunda 8.8 REST shape: one broker, one partition, healthy leader.
import { Router } from 'express';

export const ENGINE_VERSION = '8.8.0';

export interface TopologyAddress {
  /** Host and port reported for the one broker (the embedded gateway's gRPC address). */
  host: string;
  port: number;
}

export function topologyRouter(address: TopologyAddress): Router {
  const router = Router();
  router.get('/v2/topology', (_req, res) => {
    res.json({
      brokers: [
        {
          nodeId: 0,
          host: address.host,
          port: address.port,
          partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }],
          version: ENGINE_VERSION,
        },
      ],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: ENGINE_VERSION,
      lastCompletedChangeId: '-1',
    });
  });
  return router;
}
