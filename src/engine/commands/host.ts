// What commands need from the engine: the instance-command plumbing, the database and the clock.
import type { CreatedInstance, Variables } from '../api.js';
import type { InstanceCommandOptions } from '../command-runner.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Db } from '../store/db.js';
import type { InstanceLocator } from '../store/instance-store.js';
import type { DefinitionStore } from '../store/definitions.js';

export interface CommandHost {
  readonly db: Db;
  readonly definitions: DefinitionStore;
  now(): number;
  onInstance<T, P = undefined>(
    instance: string | InstanceLocator,
    work: (runtime: Runtime, prepared: P) => T,
    options?: InstanceCommandOptions<P>,
  ): Promise<T>;
  startInstance(
    definitionKey: string,
    variables: Variables,
    onCreated?: (processInstanceKey: string) => void,
  ): Promise<CreatedInstance>;
}
