// The embedded Zeebe gateway: a grpc-js server for gateway_protocol.Gateway over the EngineApi.
import {
  Server,
  ServerCredentials,
  ServerInterceptingCall,
  type ServerInterceptor,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { EngineApi } from '../api.js';
import { activationHandlers } from './activation.js';
import { DEFAULT_GATEWAY_OPTIONS, type GatewayContext, type GatewayOptions } from './context.js';
import { DrainedTypes } from './drained.js';
import { deployInstanceHandlers } from './deploy-instances.js';
import { jobHandlers } from './jobs.js';
import { modifyMigrateHandlers } from './modify-migrate.js';
import { loadGatewayService } from './proto.js';
import { publishBroadcastHandlers } from './publish-broadcast.js';
import { topologyHandlers } from './topology.js';
import { variableIncidentHandlers } from './variables-incidents.js';

export interface GrpcGatewayConfig {
  engine: EngineApi;
  /** Interface to bind, e.g. "127.0.0.1" or "0.0.0.0". */
  host: string;
  /** 0 picks a free port; the one chosen is returned. */
  port: number;
  logger: Logger;
  /** Host reported by Topology; defaults to `host` (or 127.0.0.1 when bound to all interfaces). */
  advertisedHost?: string;
  options?: Partial<GatewayOptions>;
}

export interface GrpcGateway {
  port: number;
  /** Ends waiting calls, lets running ones finish (up to shutdownGraceMs), then closes. */
  stop(): Promise<void>;
}

/**
 * RPCs without a handler here (EvaluateDecision, DeployProcess, DeleteResource) get grpc-js's
 * default: UNIMPLEMENTED.
 */
function gatewayImplementation(ctx: GatewayContext): UntypedServiceImplementation {
  return {
    ...topologyHandlers(ctx),
    ...deployInstanceHandlers(ctx),
    ...activationHandlers(ctx),
    ...jobHandlers(ctx),
    ...variableIncidentHandlers(ctx),
    ...publishBroadcastHandlers(ctx),
    ...modifyMigrateHandlers(ctx),
  };
}

/**
 * Tells clients that this gateway takes uncompressed messages only. The Zeebe clients gzip every
 * request by default; for messages this small that costs CPU on both ends (compressing there,
 * inflating here) and saves next to nothing. A client drops compression for the rest of the
 * channel once it reads this in a response; what it sends gzipped until then is still read.
 */
const identityEncodingOnly: ServerInterceptor = (_method, call) =>
  new ServerInterceptingCall(call, {
    sendMetadata(metadata, next) {
      metadata.set('grpc-accept-encoding', 'identity');
      next(metadata);
    },
  });

function bindAddress(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

function bind(server: Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) => {
      if (error) reject(error);
      else resolve(port);
    });
  });
}

function shutDown(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

export async function startGrpcGateway(config: GrpcGatewayConfig): Promise<GrpcGateway> {
  const logger = config.logger.child({ component: 'grpc-gateway' });
  const options: GatewayOptions = { ...DEFAULT_GATEWAY_OPTIONS, ...config.options };
  const shutdown = new AbortController();
  const unspecified = config.host === '0.0.0.0' || config.host === '::';
  const ctx: GatewayContext = {
    engine: config.engine,
    logger,
    options,
    shutdown: shutdown.signal,
    advertised: {
      host: config.advertisedHost ?? (unspecified ? '127.0.0.1' : config.host),
      port: config.port,
    },
    drained: new DrainedTypes(),
  };

  const server = new Server({ interceptors: [identityEncodingOnly] });
  server.addService(loadGatewayService(), gatewayImplementation(ctx));
  const port = await bind(server, bindAddress(config.host, config.port));
  ctx.advertised.port = port;
  logger.info({ host: config.host, port }, 'Zeebe gateway (gRPC) listening');

  let stopping: Promise<void> | undefined;
  return {
    port,
    stop() {
      stopping ??= (async () => {
        shutdown.abort();
        await shutDown(server, options.shutdownGraceMs);
        logger.info({ port }, 'Zeebe gateway (gRPC) stopped');
      })();
      return stopping;
    },
  };
}
