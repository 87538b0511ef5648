// What every RPC handler of the gateway is given.
import type { Logger } from 'pino';
import type { EngineApi } from '../api.js';
import type { DrainedTypes } from './drained.js';

export interface GatewayOptions {
  /** Long-poll duration when ActivateJobs asks for requestTimeout 0 (Zeebe: 10 s). */
  defaultLongPollMs: number;
  /**
   * While a long poll or a job stream waits, it asks the engine again at least this often, as a
   * safety net in case a wake-up from `waitForJobs` is missed.
   */
  recheckIntervalMs: number;
  /** Timeout of CreateProcessInstanceWithResult when the request says 0 (Zeebe: 15 s). */
  defaultRequestTimeoutMs: number;
  /** How many jobs StreamActivatedJobs activates per round before pushing them. */
  streamBatchSize: number;
  /** How long `stop()` lets running calls finish before it cuts them off. */
  shutdownGraceMs: number;
}

export const DEFAULT_GATEWAY_OPTIONS: GatewayOptions = {
  defaultLongPollMs: 10_000,
  recheckIntervalMs: 5_000,
  defaultRequestTimeoutMs: 15_000,
  streamBatchSize: 32,
  shutdownGraceMs: 2_000,
};

export interface GatewayContext {
  engine: EngineApi;
  logger: Logger;
  options: GatewayOptions;
  /** Aborts when the gateway stops: waiting calls end at once. */
  shutdown: AbortSignal;
  /** Where clients reach this gateway, as reported by Topology; filled in once bound. */
  advertised: { host: string; port: number };
  /** Job types whose last look in the database left nothing behind (drained.ts). */
  drained: DrainedTypes;
}

/** The version reported by Topology (gateway and broker). */
export const GATEWAY_VERSION = '8.8.0';
/** Tenant of every resource: the engine has no multi-tenancy. */
export const DEFAULT_TENANT = '<default>';
