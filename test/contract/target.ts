// The engine the contract suite runs against: the embedded engine on a fresh test database by
// default, or a Camunda 8.8 cluster named by environment variables —
//   CONTRACT_ZEEBE_GRPC_ADDRESS=grpc://host:26500 CONTRACT_ZEEBE_REST_ADDRESS=http://host:8088
//   (optional) CONTRACT_CAMUNDA_AUTH_STRATEGY=BASIC CONTRACT_CAMUNDA_BASIC_AUTH_USERNAME=… CONTRACT_CAMUNDA_BASIC_AUTH_PASSWORD=…
// The cluster must run with a controlled clock (ZEEBE_CLOCK_CONTROLLED=true) for the timer tests.
import { Camunda8 } from '@camunda8/sdk';
import pino from 'pino';
import { startEngineServer } from '../../src/engine/server.js';
import { createTestDatabase } from '../support/database.js';
import { sdkFor } from '../engine/sdk-client.js';

export interface ContractTarget {
  camunda: Camunda8;
  /** 'embedded' or 'cluster', for the test report. */
  kind: 'embedded' | 'cluster';
  close(): Promise<void>;
}

export async function contractTarget(): Promise<ContractTarget> {
  const grpc = process.env.CONTRACT_ZEEBE_GRPC_ADDRESS;
  const rest = process.env.CONTRACT_ZEEBE_REST_ADDRESS;
  if (grpc && rest) {
    const strategy = process.env.CONTRACT_CAMUNDA_AUTH_STRATEGY ?? 'NONE';
    const camunda = new Camunda8({
      ZEEBE_GRPC_ADDRESS: grpc,
      ZEEBE_REST_ADDRESS: rest,
      CAMUNDA_AUTH_STRATEGY: strategy as 'NONE' | 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: process.env.CONTRACT_CAMUNDA_BASIC_AUTH_USERNAME,
      CAMUNDA_BASIC_AUTH_PASSWORD: process.env.CONTRACT_CAMUNDA_BASIC_AUTH_PASSWORD,
      CAMUNDA_LOG_LEVEL: 'none',
      zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
    });
    return { camunda, kind: 'cluster', close: () => camunda.closeAllClients() };
  }
  const database = await createTestDatabase();
  const server = await startEngineServer({
    databaseUrl: database.url,
    grpcPort: 0,
    restPort: 0,
    host: '127.0.0.1',
    clockControlled: true,
    logger: pino({ level: 'silent' }),
  });
  const camunda = sdkFor(server.grpcPort, server.restPort);
  return {
    camunda,
    kind: 'embedded',
    async close() {
      await camunda.closeAllClients();
      await server.stop();
      await database.drop();
    },
  };
}
