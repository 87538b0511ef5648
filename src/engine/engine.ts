// The embedded engine: every command is one PostgreSQL transaction. Commands on one process
// instance take its row lock first, load its live state, let the runtime advance it in memory,
// and write the changes back before commit — so a crash loses nothing acknowledged and never
// leaves an instance half-advanced.
import type pino from 'pino';
import type {
  ActivateJobsRequest,
  ActivatedJob,
  CompletedInstance,
  CreateInstanceRequest,
  CreatedInstance,
  DeploymentResult,
  EngineApi,
  EngineClockState,
  FailJobRequest,
  Resource,
  ThrowErrorRequest,
  Variables,
} from './api.js';
import { EngineClock, type ClockSetting } from './clock.js';
import { deployResources } from './deploy.js';
import { EngineError, invalidArgument, notFound } from './errors.js';
import { Notifier } from './notifier.js';
import { Runtime } from './runtime/runtime.js';
import type { InstanceContext, ProcessInstance } from './runtime/state.js';
import { loadClockSetting, saveClockSetting } from './store/clock-store.js';
import { inTransaction, type Db, type Tx } from './store/db.js';
import { DefinitionStore } from './store/definitions.js';
import { flush, loadLiveState, lockInstance, newContext } from './store/instance-store.js';
import { activateJobs } from './store/job-activation.js';
import { KeyAllocator, KeyBlockExhausted } from './store/keys.js';
import type { CommandHost } from './commands/host.js';
import * as jobCommands from './commands/jobs.js';
import * as instanceCommands from './commands/instances.js';

/** Keys one command may take without waiting for the database. */
const KEYS_PER_COMMAND = 2_000;
const RETRYABLE_PG_CODES = new Set(['40001', '40P01']); // serialization failure, deadlock

export interface EngineOptions {
  db: Db;
  logger: pino.Logger;
  clockControlled: boolean;
}

export class Engine implements EngineApi, CommandHost {
  readonly definitions: DefinitionStore;
  readonly clockSource = new EngineClock();
  private readonly keys: KeyAllocator;
  private readonly notifier = new Notifier();
  readonly db: Db;
  private readonly logger: pino.Logger;

  constructor(private readonly options: EngineOptions) {
    this.db = options.db;
    this.logger = options.logger;
    this.definitions = new DefinitionStore(this.db);
    this.keys = new KeyAllocator(this.db);
    this.clockSource.onChange(() => this.notifier.everything());
  }

  async start(): Promise<void> {
    await this.definitions.loadFormIndex();
    const setting = this.options.clockControlled ? await loadClockSetting(this.db) : undefined;
    if (setting) this.clockSource.apply(setting);
    await this.keys.ensure(KEYS_PER_COMMAND);
  }

  now(): number {
    return this.clockSource.now();
  }

  // ---- command plumbing ------------------------------------------------------------------

  /**
   * Runs `work` on the live state of one instance inside a transaction, then flushes. Retried
   * when the key block runs dry mid-command or PostgreSQL reports a deadlock.
   */
  async onInstance<T>(
    processInstanceKey: string,
    work: (runtime: Runtime, tx: Tx) => T,
    options: { missing?: () => EngineError } = {},
  ): Promise<T> {
    return this.withRetry(async () => {
      const { result, ctx } = await inTransaction(this.db, async (tx) => {
        const instance = await lockInstance(tx, processInstanceKey);
        if (!instance || instance.state !== 'ACTIVE') {
          throw (options.missing ?? (() => notFound(`Expected to find an active process instance with key '${processInstanceKey}', but none found`)))();
        }
        const ctx = await this.contextFor(tx, instance);
        await loadLiveState(tx, ctx);
        await this.keys.ensure(KEYS_PER_COMMAND);
        const runtime = new Runtime(ctx, this.keys);
        const result = work(runtime, tx);
        runtime.run();
        await flush(tx, ctx, false);
        return { result, ctx };
      });
      this.afterCommit(ctx);
      return result;
    });
  }

  /** Creates a new instance (its own transaction) and runs it until it waits. */
  async startInstance(
    definitionKey: string,
    variables: Variables,
    prepare?: (instance: ProcessInstance) => void,
  ): Promise<CreatedInstance> {
    const definition = await this.definitions.byKey(definitionKey);
    return this.withRetry(async () => {
      const { ctx } = await inTransaction(this.db, async (tx) => {
        await this.keys.ensure(KEYS_PER_COMMAND);
        const key = this.keys.take();
        const instance: ProcessInstance = {
          key,
          processDefinitionKey: definition.key,
          bpmnProcessId: definition.bpmnProcessId,
          version: definition.version,
          state: 'ACTIVE',
          startedAt: this.now(),
          endedAt: null,
          parentProcessInstanceKey: null,
          parentElementInstanceKey: null,
        };
        prepare?.(instance);
        const ctx = newContext(instance, definition.graph, this.now(), (formId) => this.definitions.latestFormKey(formId));
        instanceCommands.beginInstance(new Runtime(ctx, this.keys), variables);
        await flush(tx, ctx, true);
        return { ctx };
      });
      this.afterCommit(ctx);
      return {
        processDefinitionKey: definition.key,
        bpmnProcessId: definition.bpmnProcessId,
        version: definition.version,
        processInstanceKey: ctx.instance.key,
      };
    });
  }

  private async contextFor(tx: Tx, instance: ProcessInstance): Promise<InstanceContext> {
    const definition = await this.definitions.byKey(instance.processDefinitionKey, tx);
    return newContext(instance, definition.graph, this.now(), (formId) => this.definitions.latestFormKey(formId));
  }

  private afterCommit(ctx: InstanceContext): void {
    for (const type of ctx.jobTypesToNotify) this.notifier.jobsAvailable(type);
    if (ctx.instance.state === 'COMPLETED') {
      this.notifier.instanceEnded(ctx.instance.key, { state: 'COMPLETED', variables: ctx.completedWith ?? {} });
    } else if (ctx.instance.state === 'TERMINATED') {
      this.notifier.instanceEnded(ctx.instance.key, { state: 'TERMINATED' });
    }
  }

  private async withRetry<T>(attempt: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const retryable =
          error instanceof KeyBlockExhausted || (typeof code === 'string' && RETRYABLE_PG_CODES.has(code));
        if (!retryable || tries >= 5) throw error;
        this.logger.debug({ err: error, tries }, 'retrying engine command');
      }
    }
  }

  // ---- EngineApi -------------------------------------------------------------------------

  async deployResources(resources: Resource[]): Promise<DeploymentResult> {
    const { result, forms } = await deployResources(this.db, resources, this.keys, this.now());
    for (const form of forms) this.definitions.formDeployed(form.formId, form.formKey);
    return result;
  }

  async createProcessInstance(request: CreateInstanceRequest): Promise<CreatedInstance> {
    const variables = checkVariables(request.variables, 'variables');
    const definition = request.processDefinitionKey
      ? await this.definitions.byKey(request.processDefinitionKey)
      : request.bpmnProcessId
        ? await this.definitions.byProcessId(request.bpmnProcessId, request.version)
        : undefined;
    if (!definition) throw invalidArgument('Expected either a bpmnProcessId or a processDefinitionKey, but none given');
    return this.startInstance(definition.key, variables);
  }

  async createProcessInstanceWithResult(
    request: CreateInstanceRequest,
    options: { timeoutMs: number; fetchVariables?: string[] },
  ): Promise<CompletedInstance> {
    return instanceCommands.createWithResult(this, this.notifier, request, options);
  }

  async cancelProcessInstance(processInstanceKey: string): Promise<void> {
    await this.onInstance(processInstanceKey, (runtime) => instanceCommands.cancel(runtime), {
      missing: () =>
        notFound(
          `Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`,
        ),
    });
  }

  async activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    jobCommands.checkActivation(request);
    return inTransaction(this.db, (tx) => activateJobs(tx, request, this.now()));
  }

  waitForJobs(type: string, signal: AbortSignal): Promise<void> {
    return this.notifier.waitForJobs(type, signal);
  }

  async completeJob(jobKey: string, variables?: Variables): Promise<void> {
    return jobCommands.completeJob(this, jobKey, checkVariables(variables, 'variables'));
  }

  async failJob(request: FailJobRequest): Promise<void> {
    return jobCommands.failJob(this, { ...request, variables: checkVariables(request.variables, 'variables') });
  }

  async throwError(request: ThrowErrorRequest): Promise<void> {
    return jobCommands.throwError(this, { ...request, variables: checkVariables(request.variables, 'variables') });
  }

  updateJobRetries(jobKey: string, retries: number): Promise<void> {
    return jobCommands.updateRetries(this, jobKey, retries);
  }

  updateJobTimeout(jobKey: string, timeout: number): Promise<void> {
    return jobCommands.updateTimeout(this, jobKey, timeout);
  }

  async setVariables(elementInstanceKey: string, variables: Variables, local: boolean): Promise<string> {
    return instanceCommands.setVariables(this, elementInstanceKey, checkVariables(variables, 'variables'), local);
  }

  resolveIncident(incidentKey: string): Promise<void> {
    return instanceCommands.resolveIncident(this, incidentKey);
  }

  async completeUserTask(userTaskKey: string, variables?: Variables): Promise<void> {
    return instanceCommands.completeUserTask(this, userTaskKey, checkVariables(variables, 'variables'));
  }

  // ---- clock -----------------------------------------------------------------------------

  clock(): EngineClockState {
    return this.clockSource.state();
  }

  pinClock(epochMs: number): Promise<EngineClockState> {
    return this.changeClock({ mode: 'pinned', pinnedAt: epochMs });
  }

  addClockOffset(offsetMilli: number): Promise<EngineClockState> {
    return this.changeClock(this.clockSource.added(offsetMilli));
  }

  resetClock(): Promise<EngineClockState> {
    return this.changeClock({ mode: 'system' });
  }

  private async changeClock(setting: ClockSetting): Promise<EngineClockState> {
    if (!this.options.clockControlled) {
      throw new EngineError('FAILED_PRECONDITION', 'The engine clock is not controlled (ENGINE_CLOCK_CONTROLLED=false)');
    }
    await saveClockSetting(this.db, setting);
    this.clockSource.apply(setting);
    return this.clockSource.state();
  }
}

/** Variables must be a JSON object; anything else is named in the error. */
export function checkVariables(value: unknown, field: string): Variables {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    const actual = Array.isArray(value) ? 'an array' : typeof value;
    throw invalidArgument(`Expected ${field} to be a JSON object, but got ${actual}`);
  }
  return value as Variables;
}
