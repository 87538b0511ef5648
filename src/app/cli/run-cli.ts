// The frame of the maintenance commands (`npm run user`, `npm run calendar`): arguments, then the
// configuration, then the database (with the data-directory lock when the embedded PostgreSQL is
// used, so the command never runs beside `npm start` on the same data), then the work. Exit codes:
// 0 done, 1 failure of the system, 2 the user's input refused (the message says why).
import type pg from 'pg';
import { createPool } from '../../db/pool.js';
import { ConfigError, loadConfig } from '../../config/index.js';
import { acquireDataDirLock } from '../../db/data-dir-lock.js';
import { prepareDatabase } from '../../db/prepare-database.js';
import { toError } from '../../lib/errors.js';
import { Lifecycle } from '../../lib/lifecycle.js';
import { componentLogger, createLogger } from '../../logger.js';

export interface CliCommand<Command, Input> {
  /** Logger component, e.g. `user-cli`. */
  component: string;
  usage: string;
  /** The command from the arguments; undefined for help. Throws on bad arguments. */
  parse: (argv: string[]) => Command | undefined;
  /** What must be asked before the database opens (a password). Throws on a refused answer. */
  ask?: (command: Command) => Promise<Input>;
  run: (pool: pg.Pool, command: Command, input: Input) => Promise<void>;
  /** The message for an error that is the user's input refused; undefined for a system failure. */
  refusal: (error: unknown) => string | undefined;
  /** Logged with a system failure. */
  failure: string;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runCli<Command, Input = undefined>(cli: CliCommand<Command, Input>): Promise<number> {
  let command: Command | undefined;
  try {
    command = cli.parse(process.argv.slice(2));
  } catch (error: unknown) {
    console.error(`${messageOf(error)}\n\n${cli.usage}`);
    return 2;
  }
  if (command === undefined) {
    console.log(cli.usage);
    return 0;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  let input: Input;
  try {
    input = (await cli.ask?.(command)) as Input;
  } catch (error: unknown) {
    console.error(messageOf(error));
    return 2;
  }

  const root = createLogger({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const logger = componentLogger(root, cli.component);
  const lifecycle = new Lifecycle(logger);
  let code = 0;
  try {
    if (config.databaseUrl === undefined) {
      const lock = await acquireDataDirLock(config.dataDir);
      lifecycle.add('data directory lock', () => lock.release());
    }
    const databaseUrl = await prepareDatabase(config, root, lifecycle);
    const pool = createPool({ connectionString: databaseUrl, max: 1 });
    lifecycle.add('database pool', () => pool.end());
    await cli.run(pool, command, input);
  } catch (error: unknown) {
    const refusal = cli.refusal(error);
    if (refusal !== undefined) {
      console.error(refusal);
      code = 2;
    } else {
      logger.fatal({ err: toError(error) }, cli.failure);
      code = 1;
    }
  }
  return (await lifecycle.stopAll()) ? code : 1;
}
