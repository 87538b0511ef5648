// The embedded engine: every command is one PostgreSQL transaction (see command-runner.ts), so
// a crash loses nothing acknowledged and never leaves an instance half-advanced. This class is
// the EngineApi surface; the commands themselves live in commands/.
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
  JobWait,
  ModifyInstanceRequest,
  MigrateInstanceRequest,
  PublishMessageRequest,
  Resource,
  ThrowErrorRequest,
  Variables,
} from './api.js';
import { EngineClock, type ClockSetting } from './clock.js';
import { DEFAULT_QUEUE_LIMITS } from './command-queue.js';
import { CommandRunner, type InstanceCommandOptions } from './command-runner.js';
import type { CommandHost } from './commands/host.js';
import * as instanceCommands from './commands/instances.js';
import * as jobCommands from './commands/jobs.js';
import { correlateMessage, publishMessage } from './commands/messages.js';
import { migrateInstance, modifyInstance } from './commands/modify.js';
import { PendingCommandDispatcher } from './commands/pending.js';
import { checkSignal, fanOutSignal } from './commands/signals.js';
import { deployResources } from './deploy.js';
import { EngineError, invalidArgument } from './errors.js';
import { handOverJobs, type HandOver } from './job-handover.js';
import { Notifier } from './notifier.js';
import type { Runtime } from './runtime/runtime.js';
import type { InstanceContext } from './runtime/state.js';
import { TimerScheduler } from './scheduler.js';
import type { EngineMetrics } from './metrics.js';
import { loadClockSetting, saveClockSetting } from './store/clock-store.js';
import { inTransaction, type Db } from './store/db.js';
import { DefinitionStore } from './store/definitions.js';
import { activateJobs } from './store/job-activation.js';
import type { InstanceLocator } from './store/instance-store.js';
import { KeyAllocator } from './store/keys.js';
import { deleteExpiredMessages } from './store/messages.js';

const HOUSEKEEPING_MS = 60_000;

export interface EngineOptions {
  db: Db;
  logger: pino.Logger;
  clockControlled: boolean;
  /** Told about engine activity, for an operator's counters; the engine works the same without it. */
  metrics?: EngineMetrics;
  /**
   * Command transactions running at once (default 4); commands that arrive meanwhile wait and
   * then share a transaction (command-queue.ts). Keep it below the pool's size.
   */
  commandTransactions?: number;
}

export type { EngineMetrics } from './metrics.js';

export class Engine implements EngineApi, CommandHost {
  readonly db: Db;
  readonly definitions: DefinitionStore;
  readonly clockSource = new EngineClock();
  readonly scheduler: TimerScheduler;
  private readonly keys: KeyAllocator;
  private readonly notifier = new Notifier();
  private readonly runner: CommandRunner;
  private readonly pending: PendingCommandDispatcher;
  private readonly logger: pino.Logger;
  private housekeeping: NodeJS.Timeout | undefined;

  constructor(private readonly options: EngineOptions) {
    this.db = options.db;
    this.logger = options.logger;
    this.definitions = new DefinitionStore(this.db);
    this.keys = new KeyAllocator(this.db);
    const now = () => this.now();
    this.runner = new CommandRunner(
      this.db,
      this.keys,
      this.definitions,
      now,
      (ctx) => this.afterCommit(ctx),
      (contexts) => this.handOver(contexts),
      {
        ...DEFAULT_QUEUE_LIMITS,
        concurrency: options.commandTransactions ?? DEFAULT_QUEUE_LIMITS.concurrency,
      },
    );
    this.scheduler = new TimerScheduler(this.db, this.runner, this.definitions, now, this.logger, (count) => {
      const metrics = options.metrics;
      if (metrics) this.report(() => metrics.timersFired(count));
    });
    this.pending = new PendingCommandDispatcher(this.db, this.runner, this.definitions, now, this.logger);
    this.clockSource.onChange(() => {
      this.notifier.everything();
      this.scheduler.wake();
    });
  }

  private report(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.logger.warn({ err: error }, 'engine metrics hook failed');
    }
  }

  /** Reports a job outcome to the metrics hook, if there is one. */
  private reportJob(type: string, call: (metrics: EngineMetrics, type: string) => void): void {
    const metrics = this.options.metrics;
    if (metrics) this.report(() => call(metrics, type));
  }

  async start(): Promise<void> {
    await this.definitions.loadFormIndex();
    const setting = this.options.clockControlled ? await loadClockSetting(this.db) : undefined;
    if (setting) this.clockSource.apply(setting);
    await this.keys.ensure(1);
    this.scheduler.start();
    // Work handed over before a crash is carried out now.
    this.pending.kick();
    this.housekeeping = setInterval(() => {
      deleteExpiredMessages(this.db, this.now()).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'could not delete expired messages'),
      );
    }, HOUSEKEEPING_MS);
    this.housekeeping.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.housekeeping);
    await this.scheduler.stop();
    await this.pending.stop();
  }

  now(): number {
    return this.clockSource.now();
  }

  // ---- command plumbing (CommandHost) ----------------------------------------------------

  onInstance<T, P = undefined>(
    instance: string | InstanceLocator,
    work: (runtime: Runtime, prepared: P) => T,
    options?: InstanceCommandOptions<P>,
  ): Promise<T> {
    return this.runner.onInstance(instance, work, options);
  }

  /** `onCreated` hears the new instance's key inside the creating command, before it commits. */
  async startInstance(
    definitionKey: string,
    variables: Variables,
    onCreated?: (processInstanceKey: string) => void,
  ): Promise<CreatedInstance> {
    const definition = await this.definitions.byKey(definitionKey);
    const ctx = await this.runner.createInstance(
      definition,
      variables,
      onCreated ? { onCreated: (runtime) => onCreated(runtime.ctx.instance.key) } : {},
    );
    return {
      processDefinitionKey: definition.key,
      bpmnProcessId: definition.bpmnProcessId,
      version: definition.version,
      processInstanceKey: ctx.instance.key,
    };
  }

  /** New jobs go straight to waiting long polls; the metrics hook hears of them once delivered. */
  private handOver(contexts: InstanceContext[]): HandOver | undefined {
    const handOver = handOverJobs(contexts, this.notifier);
    const metrics = this.options.metrics;
    if (!handOver || !metrics) return handOver;
    return {
      deliver: () => {
        const counts = handOver.deliver();
        for (const [type, count] of counts) this.report(() => metrics.jobsActivated(type, count));
        return counts;
      },
      release: () => handOver.release(),
    };
  }

  private afterCommit(ctx: InstanceContext): void {
    for (const type of ctx.jobTypesToNotify) this.notifier.jobsAvailable(type);
    if (ctx.nextTimerDue !== undefined) this.scheduler.timerCreated(ctx.nextTimerDue);
    if (ctx.pendingCommands.length > 0) this.pending.kick();
    if (ctx.instance.state === 'COMPLETED') {
      this.notifier.instanceEnded(ctx.instance.key, {
        state: 'COMPLETED',
        variables: ctx.completedWith ?? {},
      });
    } else if (ctx.instance.state === 'TERMINATED') {
      this.notifier.instanceEnded(ctx.instance.key, { state: 'TERMINATED' });
    }
  }

  // ---- deployments and instances ---------------------------------------------------------

  async deployResources(resources: Resource[]): Promise<DeploymentResult> {
    const { result, forms } = await deployResources(this.db, resources, this.keys, this.now());
    for (const form of forms) this.definitions.formDeployed(form.formId, form.formKey);
    for (const { bpmnProcessId, processDefinitionKey, version } of result.processes)
      this.definitions.processDeployed(bpmnProcessId, processDefinitionKey, version);
    this.scheduler.wake();
    return result;
  }

  async createProcessInstance(
    request: CreateInstanceRequest,
    onCreated?: (processInstanceKey: string) => void,
  ): Promise<CreatedInstance> {
    const variables = checkVariables(request.variables, 'variables');
    const definition = request.processDefinitionKey
      ? await this.definitions.byKey(request.processDefinitionKey)
      : request.bpmnProcessId
        ? await this.definitions.byProcessId(request.bpmnProcessId, request.version)
        : undefined;
    if (!definition)
      throw invalidArgument('Expected either a bpmnProcessId or a processDefinitionKey, but none given');
    if (!definition.graph.noneStartEventId) {
      throw invalidArgument(
        `Expected to create an instance of process '${definition.bpmnProcessId}' with a none start event, but it has only event start events`,
      );
    }
    return this.startInstance(definition.key, variables, onCreated);
  }

  createProcessInstanceWithResult(
    request: CreateInstanceRequest,
    options: { timeoutMs: number; fetchVariables?: string[] },
  ): Promise<CompletedInstance> {
    return instanceCommands.createWithResult(this, this.notifier, request, options);
  }

  async cancelProcessInstance(processInstanceKey: string): Promise<void> {
    await instanceCommands.cancelInstance(this, processInstanceKey);
  }

  async modifyProcessInstance(request: ModifyInstanceRequest): Promise<void> {
    await modifyInstance(this, request);
  }

  async migrateProcessInstance(request: MigrateInstanceRequest): Promise<void> {
    await migrateInstance(this, request);
  }

  // ---- jobs ------------------------------------------------------------------------------

  async activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    jobCommands.checkActivation(request);
    const jobs = await activateJobs(this.db, request, this.now());
    const metrics = this.options.metrics;
    if (metrics && jobs.length > 0) this.report(() => metrics.jobsActivated(request.type, jobs.length));
    return jobs;
  }

  waitForJobs(type: string, signal: AbortSignal): JobWait {
    return this.notifier.waitForJobs(type, signal);
  }

  async completeJob(jobKey: string, variables?: Variables): Promise<void> {
    const type = await jobCommands.completeJob(this, jobKey, checkVariables(variables, 'variables'));
    this.reportJob(type, (metrics, jobType) => metrics.jobCompleted(jobType));
  }

  async failJob(request: FailJobRequest): Promise<void> {
    const type = await jobCommands.failJob(this, {
      ...request,
      variables: checkVariables(request.variables, 'variables'),
    });
    this.reportJob(type, (metrics, jobType) => metrics.jobFailed(jobType));
  }

  async throwError(request: ThrowErrorRequest): Promise<void> {
    const type = await jobCommands.throwError(this, {
      ...request,
      variables: checkVariables(request.variables, 'variables'),
    });
    this.reportJob(type, (metrics, jobType) => metrics.jobErrorThrown(jobType));
  }

  updateJobRetries(jobKey: string, retries: number): Promise<void> {
    return jobCommands.updateRetries(this, jobKey, retries);
  }

  updateJobTimeout(jobKey: string, timeout: number): Promise<void> {
    return jobCommands.updateTimeout(this, jobKey, timeout);
  }

  // ---- variables, incidents, user tasks --------------------------------------------------

  async setVariables(elementInstanceKey: string, variables: Variables, local: boolean): Promise<string> {
    return instanceCommands.setVariables(
      this,
      elementInstanceKey,
      checkVariables(variables, 'variables'),
      local,
    );
  }

  resolveIncident(incidentKey: string): Promise<void> {
    return instanceCommands.resolveIncident(this, incidentKey);
  }

  async completeUserTask(userTaskKey: string, variables?: Variables): Promise<void> {
    return instanceCommands.completeUserTask(this, userTaskKey, checkVariables(variables, 'variables'));
  }

  // ---- messages and signals --------------------------------------------------------------

  private messageContext() {
    return { db: this.db, runner: this.runner, definitions: this.definitions, now: () => this.now() };
  }

  async publishMessage(request: PublishMessageRequest): Promise<{ key: string }> {
    const variables = checkVariables(request.variables, 'variables');
    const { key } = await publishMessage(this.messageContext(), { ...request, variables });
    return { key };
  }

  async correlateMessage(
    request: Omit<PublishMessageRequest, 'timeToLive' | 'messageId'>,
  ): Promise<{ messageKey: string; processInstanceKey: string }> {
    const variables = checkVariables(request.variables, 'variables');
    return correlateMessage(this.messageContext(), { ...request, variables });
  }

  async broadcastSignal(request: { signalName: string; variables?: Variables }): Promise<{ key: string }> {
    checkSignal(request.signalName);
    const variables = checkVariables(request.variables, 'variables');
    await this.keys.ensure(1);
    const key = this.keys.take();
    await inTransaction(this.db, (tx) =>
      fanOutSignal(tx, { key, signalName: request.signalName, variables }, this.now()),
    );
    this.pending.kick();
    return { key };
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
      throw new EngineError(
        'FAILED_PRECONDITION',
        'The engine clock is not controlled (ENGINE_CLOCK_CONTROLLED=false)',
      );
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

export type { CreatedInstance };
