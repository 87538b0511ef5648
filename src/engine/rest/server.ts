// Starts the engine's HTTP API on its own port.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createEngineRestApp, type EngineRestConfig } from './app.js';

export interface EngineRestServerConfig extends EngineRestConfig {
  host: string;
  /** 0 picks a free port; the one chosen is returned. */
  port: number;
}

export interface EngineRestServer {
  port: number;
  stop(): Promise<void>;
}

export async function startEngineRest(config: EngineRestServerConfig): Promise<EngineRestServer> {
  const app = createEngineRestApp(config);
  const server = app.listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  config.logger.info({ component: 'engine-rest', host: config.host, port }, 'engine REST API listening');

  let stopping: Promise<void> | undefined;
  return {
    port,
    stop() {
      stopping ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
      return stopping;
    },
  };
}
