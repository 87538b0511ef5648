// A Camunda 8 SDK client pointed at an engine on loopback, as an outside program would build it.
import { Camunda8 } from '@camunda8/sdk';

export interface SdkTuning {
  /** The worker's longest pause between polls after errors (ms). */
  workerMaxBackoffMs?: number;
  /** gRPC's longest wait between reconnection attempts (ms). */
  reconnectBackoffMs?: number;
}

export function sdkFor(grpcPort: number, restPort: number, tuning: SdkTuning = {}): Camunda8 {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${grpcPort}`,
    ZEEBE_REST_ADDRESS: `http://127.0.0.1:${restPort}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_OAUTH_DISABLED: true,
    CAMUNDA_LOG_LEVEL: 'none',
    ...(tuning.workerMaxBackoffMs === undefined
      ? {}
      : { CAMUNDA_JOB_WORKER_MAX_BACKOFF_MS: tuning.workerMaxBackoffMs }),
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      ...(tuning.reconnectBackoffMs === undefined
        ? {}
        : {
            GRPC_MAX_RECONNECT_BACKOFF_MS: String(tuning.reconnectBackoffMs),
            GRPC_MIN_RECONNECT_BACKOFF_MS: String(Math.min(100, tuning.reconnectBackoffMs)),
            GRPC_INITIAL_RECONNECT_BACKOFF_MS: String(Math.min(100, tuning.reconnectBackoffMs)),
          }),
    },
  });
}
