// What commands need from the engine: the instance-command plumbing, the database and the clock.
import type { CreatedInstance, Variables } from '../api.js';
import type { EngineError } from '../errors.js';
import type { Runtime } from '../runtime/runtime.js';
import type { ProcessInstance } from '../runtime/state.js';
import type { Db, Tx } from '../store/db.js';

export interface CommandHost {
  readonly db: Db;
  now(): number;
  onInstance<T>(
    processInstanceKey: string,
    work: (runtime: Runtime, tx: Tx) => T,
    options?: { missing?: () => EngineError },
  ): Promise<T>;
  startInstance(
    definitionKey: string,
    variables: Variables,
    prepare?: (instance: ProcessInstance) => void,
  ): Promise<CreatedInstance>;
}
