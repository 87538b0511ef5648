// How every command runs: in one transaction, on one instance at a time. An existing instance is
// locked, its live state loaded, advanced in memory by the runtime, and written back before
// commit. Message subscriptions the command opened are matched against buffered messages before
// the flush, so a message published earlier correlates in the same transaction.
import type { Variables } from './api.js';
import { notFound, type EngineError } from './errors.js';
import { beginInstance } from './commands/instances.js';
import { Runtime } from './runtime/runtime.js';
import type { InstanceContext, MessageSubscription, ProcessInstance } from './runtime/state.js';
import { triggerEvent } from './runtime/triggers.js';
import { inTransaction, type Db, type Tx } from './store/db.js';
import type { DefinitionStore, ProcessDefinition } from './store/definitions.js';
import { flush, loadLiveState, lockInstance, newContext } from './store/instance-store.js';
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

export class CommandRunner {
  constructor(
    private readonly db: Db,
    readonly keys: KeyAllocator,
    private readonly definitions: DefinitionStore,
    private readonly now: () => number,
    readonly afterCommit: (ctx: InstanceContext) => void,
  ) {}

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

  /** Runs `work` on the live state of one active instance; commits; then tells the engine. */
  async onInstance<T, P = undefined>(
    processInstanceKey: string,
    work: (runtime: Runtime, prepared: P) => T,
    options: InstanceCommandOptions<P> = {},
  ): Promise<T> {
    const contexts: InstanceContext[] = [];
    const result = await this.withRetry(() => {
      contexts.length = 0;
      return inTransaction(this.db, async (tx) => {
        const instance = await lockInstance(tx, processInstanceKey);
        if (!instance || instance.state !== 'ACTIVE') {
          throw (options.missing ?? defaultMissing(processInstanceKey))();
        }
        const definition = await this.definitions.byKey(instance.processDefinitionKey, tx);
        const ctx = this.context(instance, definition);
        await loadLiveState(tx, ctx);
        const prepared = options.prepare ? await options.prepare(tx, ctx) : (undefined as P);
        contexts.push(ctx);
        const result = await this.execute(tx, ctx, false, (runtime) => work(runtime, prepared));
        if (options.after) contexts.push(...(await options.after(tx, ctx)));
        return result;
      });
    });
    for (const ctx of contexts) this.afterCommit(ctx);
    return result;
  }

  /** Creates and runs a new instance in its own transaction. */
  async createInstance(
    definition: ProcessDefinition,
    variables: Variables,
    options: NewInstanceOptions = {},
  ): Promise<InstanceContext> {
    const ctx = await this.withRetry(() =>
      inTransaction(this.db, (tx) => this.createInstanceIn(tx, definition, variables, options)),
    );
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
    const ctx = this.context(instance, definition);
    await this.execute(tx, ctx, true, (runtime) => {
      beginInstance(runtime, variables, options.startEventId);
      options.onCreated?.(runtime);
    });
    return ctx;
  }

  private context(instance: ProcessInstance, definition: ProcessDefinition): InstanceContext {
    return newContext(instance, definition.graph, this.now(), (formId) =>
      this.definitions.latestFormKey(formId),
    );
  }

  /** Callers hold a transaction: keys must have been reserved before it began (withRetry). */
  private async execute<T>(
    tx: Tx,
    ctx: InstanceContext,
    isNew: boolean,
    work: (runtime: Runtime) => T,
  ): Promise<T> {
    const runtime = new Runtime(ctx, this.keys);
    const result = work(runtime);
    runtime.run();
    while (await this.correlateBufferedMessages(tx, runtime)) runtime.run();
    await flush(tx, ctx, isNew);
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

const defaultMissing = (key: string) => () =>
  notFound(`Expected to find an active process instance with key '${key}', but none found`);
