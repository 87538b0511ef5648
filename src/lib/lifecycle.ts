// Start things in order, stop them in reverse: the app before the workers, the workers before
// the engine, the engine before the database, the data-directory lock last.
import type { Logger } from 'pino';
import { toError } from './errors.js';

export class Lifecycle {
  private readonly running: { name: string; stop: () => Promise<void> }[] = [];

  constructor(private readonly logger: Logger) {}

  /** Registers something that has started; it is stopped before anything registered earlier. */
  add(name: string, stop: () => Promise<void>): void {
    this.running.push({ name, stop });
  }

  /** Stops everything registered, newest first; a failure is logged and the rest still stop. */
  async stopAll(): Promise<boolean> {
    let clean = true;
    for (let part = this.running.pop(); part !== undefined; part = this.running.pop()) {
      try {
        this.logger.info(`stopping ${part.name}`);
        await part.stop();
      } catch (error: unknown) {
        clean = false;
        this.logger.error({ err: toError(error) }, `could not stop ${part.name} cleanly`);
      }
    }
    return clean;
  }
}

/**
 * Runs a long-lived service: `start` registers what it starts; on SIGINT/SIGTERM (or a failed
 * start) everything is stopped in reverse order. Resolves to the process exit code.
 */
export async function runService(
  logger: Logger,
  start: (lifecycle: Lifecycle) => Promise<void>,
): Promise<number> {
  const lifecycle = new Lifecycle(logger);
  let received: NodeJS.Signals | undefined;
  let wake = () => {};
  const stopRequested = new Promise<void>((resolve) => (wake = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== undefined) {
      logger.warn({ signal }, 'second signal: exiting without finishing the shutdown');
      process.exit(130);
    }
    received = signal;
    logger.info({ signal }, 'shutting down');
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let code = 0;
  try {
    await start(lifecycle);
    if (received === undefined) await stopRequested;
  } catch (error: unknown) {
    logger.fatal({ err: toError(error) }, 'start failed');
    code = 1;
  }
  const clean = await lifecycle.stopAll();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  logger.info(clean ? 'stopped' : 'stopped, with errors (see above)');
  return code === 0 && !clean ? 1 : code;
}

/** Ends the process with `code` once the event loop is idle, or after a grace period at most. */
export function exitSoon(code: number, graceMs = 5000): void {
  process.exitCode = code;
  // gRPC channels and pools of libraries can keep the loop alive after an orderly stop.
  setTimeout(() => process.exit(code), graceMs).unref();
}
