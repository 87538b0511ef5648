// A Camunda 8 SDK client pointed at an engine on loopback, as an outside program would build it.
import { Camunda8 } from '@camunda8/sdk';

type Overrides = ConstructorParameters<typeof Camunda8>[0];

export function sdkFor(grpcPort: number, restPort: number, overrides: Overrides = {}): Camunda8 {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${grpcPort}`,
    ZEEBE_REST_ADDRESS: `http://127.0.0.1:${restPort}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_OAUTH_DISABLED: true,
    ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
    ...overrides,
  });
}
