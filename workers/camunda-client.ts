// The ONE place that builds Camunda 8 clients. The app and the workers reach the engine only
// through these clients, so the embedded engine and a Camunda 8 cluster are interchangeable:
// which one is used is configuration (see src/config), never code.
import { Camunda8 } from '@camunda8/sdk';
import type { Logger } from 'pino';
import type { AppConfig, LogLevel } from '../src/config/index.js';

export type CamundaClientConfig = Pick<
  AppConfig,
  'zeebeGrpcAddress' | 'zeebeRestAddress' | 'camundaAuth' | 'logLevel'
>;

type SdkConfiguration = NonNullable<ConstructorParameters<typeof Camunda8>[0]>;
type SdkLogger = NonNullable<SdkConfiguration['logger']>;
type ZeebeGrpcSettings = NonNullable<SdkConfiguration['zeebeGrpcSettings']>;

export function createCamundaClient(config: CamundaClientConfig, logger?: Logger): Camunda8 {
  return new Camunda8(camundaSdkConfiguration(config, logger));
}

/**
 * Everything passed explicitly: process.env stays untouched. Only keys we leave out fall back
 * to the SDK's own environment variables and defaults.
 */
export function camundaSdkConfiguration(config: CamundaClientConfig, logger?: Logger): SdkConfiguration {
  return {
    // grpc:// means plaintext, grpcs:// TLS; the SDK derives the transport from the scheme.
    ZEEBE_GRPC_ADDRESS: config.zeebeGrpcAddress,
    ZEEBE_REST_ADDRESS: config.zeebeRestAddress,
    CAMUNDA_LOG_LEVEL: sdkLogLevel(config.logLevel),
    zeebeGrpcSettings: zeebeGrpcSettings(config.logLevel),
    ...authSettings(config.camundaAuth),
    ...(logger === undefined ? {} : { logger: sdkLogger(logger) }),
  };
}

function authSettings(auth: AppConfig['camundaAuth']): Partial<SdkConfiguration> {
  switch (auth.strategy) {
    case 'NONE':
      return { CAMUNDA_AUTH_STRATEGY: 'NONE' };
    case 'BASIC':
      return {
        CAMUNDA_AUTH_STRATEGY: 'BASIC',
        CAMUNDA_BASIC_AUTH_USERNAME: auth.username,
        CAMUNDA_BASIC_AUTH_PASSWORD: auth.password,
      };
    case 'OAUTH':
      return {
        CAMUNDA_AUTH_STRATEGY: 'OAUTH',
        ZEEBE_CLIENT_ID: auth.clientId,
        ZEEBE_CLIENT_SECRET: auth.clientSecret,
        CAMUNDA_OAUTH_URL: auth.oauthUrl,
        ...(auth.audience === undefined ? {} : { ZEEBE_TOKEN_AUDIENCE: auth.audience }),
      };
  }
}

function zeebeGrpcSettings(level: LogLevel): ZeebeGrpcSettings {
  return {
    // The gRPC client writes plain text to the console by itself; only its errors, unless debugging.
    ZEEBE_CLIENT_LOG_LEVEL:
      level === 'silent' ? 'NONE' : level === 'debug' || level === 'trace' ? 'DEBUG' : 'ERROR',
    ZEEBE_GRPC_CLIENT_EAGER_CONNECT: false,
  };
}

function sdkLogLevel(level: LogLevel): NonNullable<SdkConfiguration['CAMUNDA_LOG_LEVEL']> {
  switch (level) {
    case 'silent':
      return 'none';
    case 'fatal':
      return 'error';
    case 'trace':
      return 'silly';
    default:
      return level;
  }
}

function sdkLogger(logger: Logger): SdkLogger {
  const forward =
    (level: 'info' | 'warn' | 'error' | 'debug' | 'trace') =>
    (message: string | undefined, ...meta: unknown[]) => {
      if (meta.length === 0) logger[level](message ?? '');
      else logger[level]({ meta }, message ?? '');
    };
  return {
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    debug: forward('debug'),
    trace: forward('trace'),
  };
}

/**
 * A readiness probe: resolves true when the engine answers a Topology request within the time
 * limit. It uses its own gRPC client without retries, so a probe never leaves a retry loop
 * running when the engine is down.
 */
export function topologyProbe(
  client: Camunda8,
  config: CamundaClientConfig,
  timeoutMs = 3000,
): () => Promise<boolean> {
  const zeebe = client.getZeebeGrpcApiClient({
    // Replaces (does not merge into) the client's gRPC settings, so repeat them in full.
    zeebeGrpcSettings: { ...zeebeGrpcSettings(config.logLevel), ZEEBE_GRPC_CLIENT_RETRY: false },
  });
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([
        zeebe.topology().then(
          (topology) => topology.brokers.length > 0,
          () => false,
        ),
        timedOut,
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}
