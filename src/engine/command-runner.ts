// How every command runs: in one transaction. An existing instance is locked, its live state
// loaded, advanced in memory by the runtime, and written back before commit (the lock travels with
// the load, and the write with COMMIT: see store/command-tx.ts). When many commands wait, several
// of different instances share one transaction (command-queue.ts). Message subscriptions a command
// opened are matched against buffered messages before the flush, so a message published earlier
// correlates in the same transaction.
import type { Variables } from './api.js';
import { notFound, type EngineError } from './errors.js';
import { beginInstance } from './commands/instances.js';
import { Runtime } from './runtime/runtime.js';
import type { InstanceContext, MessageSubscription, ProcessInstance } from './runtime/state.js';
import { triggerEvent } from './runtime/triggers.js';
import { CommandQueue, DEFAULT_QUEUE_LIMITS, type CommandQueueLimits, type Queued } from './command-queue.js';
import type { HandOver } from './job-handover.js';
import { CommandTx, inCommandTx } from './store/command-tx.js';
import type { Db, Tx } from './store/db.js';
import type { DefinitionStore, ProcessDefinition } from './store/definitions.js';
import {
  flush,
  loadInto,
  lockAndLoad,
  lockAndLoadMany,
  newContext,
  type InstanceLocator,
} from './store/instance-store.js';
import { KeyBlockExhausted, type KeyAllocator } from './store/keys.js';
import { claimBufferedMessage, lockCorrelation } from './store/messages.js';

/** Keys one command may take without waiting for the database. */
const KEYS_PER_COMMAND = 2_000;
const RETRYABLE_PG_CODES = new Set(['40001', '40P01']); // serialization failure, deadlock

export interface InstanceCommandOptions<P> {
  missing?: () => EngineError;
  /** Async preparation inside the transaction, after the state is loaded. */
  prepare?: (tx: Tx, ctx: InstanceContext) => Promise<P>;
  /** More work in the same transaction after the flush; returns contexts of instances it created. */
  after?: (tx: Tx, ctx: InstanceContext) => Promise<InstanceContext[]>;
}

export interface NewInstanceOptions {
  /** A key reserved earlier (a call activity records its child's key before the child exists). */
  key?: string;
  startEventId?: string;
  startCorrelationKey?: string;
  parent?: { processInstanceKey: string; elementInstanceKey: string };
  /** Runs on the new instance's runtime before the first step (e.g. correlate a start message). */
  onCreated?: (runtime: Runtime) => void;
}

/** What waits in the queue: a command on an existing instance, or the creation of a new one. */
type QueuedWork =
  | {
      kind: 'onInstance';
      locator: InstanceLocator;
      work: (runtime: Runtime) => unknown;
      missing?: () => EngineError;
    }
  | { kind: 'create'; definition: ProcessDefinition; variables: Variables; options: NewInstanceOptions };

/** Activates a transaction's new jobs for waiting pollers before it commits (see job-handover.ts). */
export type JobHandOver = (contexts: InstanceContext[]) => HandOver | undefined;

export class CommandRunner {
  private readonly queue: CommandQueue<QueuedWork>;

  constructor(
    private readonly db: Db,
    readonly keys: KeyAllocator,
    private readonly definitions: DefinitionStore,
    private readonly now: () => number,
    readonly afterCommit: (ctx: InstanceContext) => void,
    private readonly handOverJobs: JobHandOver = () => undefined,
    queueLimits: CommandQueueLimits = DEFAULT_QUEUE_LIMITS,
  ) {
    this.queue = new CommandQueue((commands) => this.runQueued(commands), queueLimits);
  }

  /**
   * Runs one attempt after another until one succeeds or fails for good. Keys are reserved before
   * each attempt opens its transaction: reserving takes a connection of its own, and asking for one
   * while holding another could exhaust the pool.
   */
  async withRetry<T>(attempt: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        await this.keys.ensure(KEYS_PER_COMMAND);
        return await attempt();
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const retryable =
          error instanceof KeyBlockExhausted || (typeof code === 'string' && RETRYABLE_PG_CODES.has(code));
        if (!retryable || tries >= 5) throw error;
      }
    }
  }

  /**
   * Runs `work` on the live state of one active instance (given by its key, or by one of its
   * jobs); commits; then tells the engine. Without `prepare` and `after` the command goes through
   * the queue and may share its transaction with commands on other instances.
   */
  onInstance<T, P = undefined>(
    instance: string | InstanceLocator,
    work: (runtime: Runtime, prepared: P) => T,
    options: InstanceCommandOptions<P> = {},
  ): Promise<T> {
    const locator = typeof instance === 'string' ? { processInstanceKey: instance } : instance;
    if (options.prepare || options.after) return this.runAlone(locator, work, options);
    return this.queue.submit<T>({
      kind: 'onInstance',
      locator,
      work: (runtime) => work(runtime, undefined as P),
      missing: options.missing,
    });
  }

  /** One command in its own transaction: two round trips (lock and load, then write and commit). */
  private async runAlone<T, P = undefined>(
    locator: InstanceLocator,
    work: (runtime: Runtime, prepared: P) => T,
    options: InstanceCommandOptions<P> = {},
  ): Promise<T> {
    const contexts: InstanceContext[] = [];
    let handOver: HandOver | undefined;
    const result = await this.withRetry(async () => {
      contexts.length = 0;
      try {
        return await inCommandTx(this.db, async (tx) => {
          const loaded = await lockAndLoad(tx, locator);
          if (!loaded || loaded.instance.state !== 'ACTIVE') {
            throw (options.missing ?? defaultMissing(keyOf(locator)))();
          }
          const client = await tx.open();
          const definition = await this.definitions.byKey(loaded.instance.processDefinitionKey, client);
          const ctx = this.context(loaded.instance, definition);
          loadInto(ctx, loaded.rows);
          const prepared = options.prepare ? await options.prepare(client, ctx) : (undefined as P);
          contexts.push(ctx);
          const result = await this.advance(tx, ctx, (runtime) => work(runtime, prepared));
          handOver = this.handOverJobs([ctx]);
          await flush(client, [{ ctx, isNew: false }]);
          if (options.after) contexts.push(...(await options.after(client, ctx)));
          await tx.commit();
          return result;
        });
      } catch (error) {
        handOver?.release();
        handOver = undefined;
        throw error;
      }
    });
    handOver?.deliver();
    for (const ctx of contexts) this.afterCommit(ctx);
    return result;
  }

  private async runQueued(queued: Queued<QueuedWork>[]): Promise<void> {
    if (queued.length === 1) await this.settleAlone(queued[0]!);
    else await this.runTogether(queued);
  }

  private settleAlone({ command, resolve, reject }: Queued<QueuedWork>): Promise<void> {
    const done =
      command.kind === 'create'
        ? this.createAlone(command.definition, command.variables, command.options)
        : this.runAlone(command.locator, command.work, { missing: command.missing });
    return done.then(resolve, reject);
  }

  /**
   * Several queued commands in one transaction: the instances they name locked and loaded
   * together, the commands applied in queue order (two on one instance see each other's changes,
   * as if run one after the other), all changes written by one statement. If any command throws,
   * or the transaction fails, nothing of it is kept and each command runs alone instead, so that
   * one command's rejection decides nothing for the others.
   */
  private async runTogether(queued: Queued<QueuedWork>[]): Promise<void> {
    const outcomes: (() => void)[] = [];
    let unplaced: Queued<QueuedWork>[] = [];
    let written: { ctx: InstanceContext; isNew: boolean }[] = [];
    let handOver: HandOver | undefined;
    try {
      await this.withRetry(async () => {
        outcomes.length = 0;
        unplaced = [];
        try {
          await inCommandTx(this.db, async (tx) => {
            const locators = queued.flatMap(({ command }) =>
              command.kind === 'onInstance' ? [command.locator] : [],
            );
            const loaded = await lockAndLoadMany(tx, locators);
            const existing = new Map<string, InstanceContext>();
            const created: InstanceContext[] = [];
            for (const entry of queued) {
              const { command } = entry;
              if (command.kind === 'create') {
                const { definition, variables, options } = command;
                const ctx = this.newInstance(definition, options);
                await this.advance(tx, ctx, (runtime) => this.begin(runtime, variables, options));
                created.push(ctx);
                outcomes.push(() => entry.resolve(ctx));
                continue;
              }
              const { locator } = command;
              const key =
                'jobKey' in locator ? loaded.instanceOfJob.get(locator.jobKey) : locator.processInstanceKey;
              const found = key === undefined ? undefined : loaded.instances.get(key);
              if (key === undefined || !found) {
                unplaced.push(entry); // no such instance: running alone gives the exact answer
                continue;
              }
              let ctx = existing.get(key);
              if (!ctx) {
                const definition = await this.definitions.byKey(
                  found.instance.processDefinitionKey,
                  await tx.open(),
                );
                ctx = this.context(found.instance, definition);
                loadInto(ctx, found.rows);
                existing.set(key, ctx);
              }
              if (ctx.instance.state !== 'ACTIVE') {
                const error = (command.missing ?? defaultMissing(keyOf(locator)))();
                outcomes.push(() => entry.reject(error));
                continue;
              }
              const value = await this.advance(tx, ctx, command.work);
              outcomes.push(() => entry.resolve(value));
            }
            written = [
              ...[...existing.values()].map((ctx) => ({ ctx, isNew: false })),
              ...created.map((ctx) => ({ ctx, isNew: true })),
            ];
            handOver = this.handOverJobs(written.map(({ ctx }) => ctx));
            await tx.commitWith((client) => flush(client, written));
          });
        } catch (error) {
          handOver?.release();
          handOver = undefined;
          throw error;
        }
      });
    } catch {
      await Promise.all(queued.map((entry) => this.settleAlone(entry)));
      return;
    }
    handOver?.deliver();
    for (const { ctx } of written) this.afterCommit(ctx);
    for (const settle of outcomes) settle();
    await Promise.all(unplaced.map((entry) => this.settleAlone(entry)));
  }

  /** Creates and runs a new instance; under load in a transaction shared with other commands. */
  createInstance(
    definition: ProcessDefinition,
    variables: Variables,
    options: NewInstanceOptions = {},
  ): Promise<InstanceContext> {
    return this.queue.submit<InstanceContext>({ kind: 'create', definition, variables, options });
  }

  /** Creates and runs a new instance in its own transaction: one round trip unless it waits for messages. */
  private async createAlone(
    definition: ProcessDefinition,
    variables: Variables,
    options: NewInstanceOptions = {},
  ): Promise<InstanceContext> {
    let handOver: HandOver | undefined;
    const ctx = await this.withRetry(async () => {
      try {
        return await inCommandTx(this.db, async (tx) => {
          const ctx = this.newInstance(definition, options);
          await this.advance(tx, ctx, (runtime) => this.begin(runtime, variables, options));
          handOver = this.handOverJobs([ctx]);
          await tx.commitWith((client) => flush(client, [{ ctx, isNew: true }]));
          return ctx;
        });
      } catch (error) {
        handOver?.release();
        handOver = undefined;
        throw error;
      }
    });
    handOver?.deliver();
    this.afterCommit(ctx);
    return ctx;
  }

  /** Creates and runs a new instance inside a transaction the caller owns (and commits). */
  async createInstanceIn(
    tx: Tx,
    definition: ProcessDefinition,
    variables: Variables,
    options: NewInstanceOptions = {},
  ): Promise<InstanceContext> {
    const ctx = this.newInstance(definition, options);
    await this.advance(tx, ctx, (runtime) => this.begin(runtime, variables, options));
    await flush(tx, [{ ctx, isNew: true }]);
    return ctx;
  }

  private newInstance(definition: ProcessDefinition, options: NewInstanceOptions): InstanceContext {
    const instance: ProcessInstance = {
      key: options.key ?? this.keys.take(),
      processDefinitionKey: definition.key,
      bpmnProcessId: definition.bpmnProcessId,
      version: definition.version,
      state: 'ACTIVE',
      startedAt: this.now(),
      endedAt: null,
      parentProcessInstanceKey: options.parent?.processInstanceKey ?? null,
      parentElementInstanceKey: options.parent?.elementInstanceKey ?? null,
      startCorrelationKey: options.startCorrelationKey ?? null,
    };
    return this.context(instance, definition);
  }

  private begin(runtime: Runtime, variables: Variables, options: NewInstanceOptions): void {
    beginInstance(runtime, variables, options.startEventId);
    options.onCreated?.(runtime);
  }

  private context(instance: ProcessInstance, definition: ProcessDefinition): InstanceContext {
    return newContext(instance, definition.graph, this.now(), (formId) =>
      this.definitions.latestFormKey(formId),
    );
  }

  /**
   * Runs the command's work and the runtime; a transaction is needed only when subscriptions it
   * opened must be matched against buffered messages. Keys must have been reserved before the
   * transaction began (withRetry).
   */
  private async advance<T>(
    tx: CommandTx | Tx,
    ctx: InstanceContext,
    work: (runtime: Runtime) => T,
  ): Promise<T> {
    const runtime = new Runtime(ctx, this.keys);
    const result = work(runtime);
    runtime.run();
    while (ctx.openedMessageSubscriptions.length > 0) {
      const client = tx instanceof CommandTx ? await tx.open() : tx;
      if (!(await this.correlateBufferedMessages(client, runtime))) break;
      runtime.run();
    }
    return result;
  }

  /** Matches subscriptions this command opened against buffered messages; true if any fired. */
  private async correlateBufferedMessages(tx: Tx, runtime: Runtime): Promise<boolean> {
    const opened = runtime.ctx.openedMessageSubscriptions.splice(0);
    let fired = false;
    for (const subscription of opened) {
      if (subscription.state !== 'OPEN') continue;
      await lockCorrelation(tx, subscription.messageName, subscription.correlationKey);
      const message = await claimBufferedMessage(tx, subscription, runtime.ctx.now);
      if (!message) continue;
      fired = correlate(runtime, subscription, message) || fired;
    }
    return fired;
  }
}

/** Delivers a message to one subscription of the runtime's instance. */
export function correlate(
  runtime: Runtime,
  subscription: MessageSubscription,
  message: { key: string; name: string; correlationKey: string; variables: Variables },
): boolean {
  const { ctx } = runtime;
  // Non-interrupting catch events keep listening; the others end with this message.
  if (subscription.interrupting) {
    subscription.state = 'CORRELATED';
    ctx.messageSubscriptions.touch(subscription);
  }
  ctx.records.push({
    key: message.key,
    valueType: 'MESSAGE',
    intent: 'CORRELATED',
    processInstanceKey: ctx.instance.key,
    timestamp: ctx.now,
    value: {
      name: message.name,
      correlationKey: message.correlationKey,
      elementId: subscription.elementId,
      subscriptionKey: subscription.key,
    },
  });
  return triggerEvent(runtime, subscription.elementInstanceKey, subscription.elementId, message.variables);
}

const keyOf = (locator: InstanceLocator) =>
  'jobKey' in locator ? locator.jobKey : locator.processInstanceKey;

const defaultMissing = (key: string) => () =>
  notFound(`Expected to find an active process instance with key '${key}', but none found`);
