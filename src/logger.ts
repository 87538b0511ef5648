// One pino logger per process; each component logs through a child that names it.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from './config/index.js';

export type { Logger };

export function createLogger(config: Pick<AppConfig, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    timestamp: pino.stdTimeFunctions.isoTime,
    // Connection strings and credentials must never reach the log, whoever passes them in.
    redact: { paths: ['password', '*.password', 'databaseUrl', '*.databaseUrl'], censor: '[hidden]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** The logger for one part of the system: db, engine, workers, app, postgres … */
export function componentLogger(parent: Logger, component: string): Logger {
  return parent.child({ component });
}
