// Starts the processes of registered petitions and publishes messages to running ones, at least
// once. The registering request asks right away (`startPetition`, `publish`); when the engine is
// unreachable at that moment the petition is stored all the same, and this dispatcher retries with
// back-off until the engine has it — also for petitions registered outside the API (demo data) and
// after a crash between the registration and its start.
//
// A start is claimed before the engine is asked (app.process_starts), so two dispatchers never
// start the same petition at once. A retry first looks for an instance with the petition's number
// (the earlier try may have reached the engine before failing), so a lost answer does not become a
// second process.
import type pg from 'pg';
import type { Logger } from 'pino';
import { getPetition, recordProcessInstance, type Petition } from '../../domain/petitions/index.js';
import { toError } from '../../lib/errors.js';
import {
  claimMessages,
  enqueueMessage,
  markMessageFailed,
  markMessagePublished,
  type OutgoingMessage,
} from './messages.js';
import {
  claimProcessStarts,
  markProcessStartFailed,
  markProcessStarted,
  type ClaimedStart,
} from './process-starts.js';
import { describeEngineError, SEARCH_NOW, type EngineRestClient } from './rest.js';

/** The BPMN process id of a petition's process (docs/lifecycle.md). */
export const PETITION_PROCESS_ID = 'petition';
/** The message a repeat petition publishes to the open case's process. */
export const PETITION_REPEATED_MESSAGE = 'petition-repeated';
/** The actor of starts made by the dispatcher rather than by a clerk's request. */
export const DISPATCHER_ACTOR = 'system:process-start';

export type StartOutcome =
  { status: 'started'; processInstanceKey: string; petition: Petition } | { status: 'pending' };

export interface EngineDispatcherOptions {
  db: pg.Pool;
  engine: EngineRestClient;
  logger: Logger;
  /** Engine time (epoch ms), for the timeline entries. */
  engineNow: () => Promise<number>;
  /** System time for the retry schedule. Default: the system clock. */
  clock?: () => Date;
  /** How long a claim holds (default 60 s); longer than the REST client's own retries. */
  claimMs?: number;
  /** Wait before attempt n + 1 after n failed ones (default 5 s × 2^(n−1), at most 5 min). */
  backoff?: (failedAttempts: number) => number;
  /** Pause between rounds (default 5 s). */
  pollIntervalMs?: number;
  batchSize?: number;
}

export function startBackoff(baseMs = 5_000, maxMs = 300_000): (failedAttempts: number) => number {
  return (failed) => Math.min(maxMs, baseMs * 2 ** Math.max(0, failed - 1));
}

/** The process variables docs/lifecycle.md says the app sets at start, from the petition as it is now. */
export function startVariables(petition: Petition): Record<string, unknown> {
  return {
    petitionId: petition.number,
    title: petition.title,
    category: petition.categoryCode,
    area: petition.areaCode,
    channel: petition.channel,
    firstTime: petition.firstTime,
    skipLevel: petition.skipLevel,
    // Repeats linked while the start was pending count too: the process then warns at once.
    repeatCount: petition.repeatCount,
    registeredAt: petition.registeredAt.toISOString(),
  };
}

/** What names a message in the log: its name and key, and its petition and process when known. */
function messageLogFields(message: OutgoingMessage): Record<string, string> {
  return {
    message: message.name,
    messageId: message.messageId,
    correlationKey: message.correlationKey,
    ...(message.petitionNumber === null ? {} : { petitionNumber: message.petitionNumber }),
    ...(message.processInstanceKey === null ? {} : { processInstanceKey: message.processInstanceKey }),
  };
}

export class EngineDispatcher {
  private readonly db: pg.Pool;
  private readonly engine: EngineRestClient;
  private readonly logger: Logger;
  private readonly engineNow: () => Promise<number>;
  private readonly clock: () => Date;
  private readonly claimMs: number;
  private readonly backoff: (failedAttempts: number) => number;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: () => void = () => {};

  constructor(options: EngineDispatcherOptions) {
    this.db = options.db;
    this.engine = options.engine;
    this.logger = options.logger;
    this.engineNow = options.engineNow;
    this.clock = options.clock ?? (() => new Date());
    this.claimMs = options.claimMs ?? 60_000;
    this.backoff = options.backoff ?? startBackoff();
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.batchSize = options.batchSize ?? 10;
  }

  /**
   * Starts the petition's process now if no one else is at it. `pending` means it is left to the
   * dispatcher: the engine failed (retried later) or another dispatcher holds the claim.
   */
  async startPetition(petitionId: number, actor: string): Promise<StartOutcome> {
    const now = this.clock();
    const [claim] = await claimProcessStarts(this.db, {
      now,
      claimUntil: new Date(now.getTime() + this.claimMs),
      limit: 1,
      petitionId,
    });
    if (claim === undefined) return { status: 'pending' };
    return this.attemptStart(claim, actor);
  }

  /** Stores the message, then tries to publish it now; true when the engine has it. */
  async publish(message: {
    name: string;
    correlationKey: string;
    variables: Record<string, unknown>;
    messageId: string;
    petitionId?: number;
  }): Promise<boolean> {
    const now = this.clock();
    const id = await enqueueMessage(this.db, { ...message, now });
    const [claimed] = await claimMessages(this.db, {
      now,
      claimUntil: new Date(now.getTime() + this.claimMs),
      limit: 1,
      id,
    });
    if (claimed === undefined) return false;
    return this.attemptPublish(claimed);
  }

  /** One round: every due start and message. Returns how many reached the engine. */
  async runOnce(): Promise<{ started: number; published: number; failed: number }> {
    const now = this.clock();
    const claimUntil = new Date(now.getTime() + this.claimMs);
    const starts = await claimProcessStarts(this.db, { now, claimUntil, limit: this.batchSize });
    const messages = await claimMessages(this.db, { now, claimUntil, limit: this.batchSize });
    let started = 0;
    let published = 0;
    let failed = 0;
    for (const claim of starts) {
      const outcome = await this.attemptStart(claim, DISPATCHER_ACTOR);
      if (outcome.status === 'started') started++;
      else failed++;
    }
    for (const message of messages) {
      if (await this.attemptPublish(message)) published++;
      else failed++;
    }
    return { started, published, failed };
  }

  /** Runs rounds until `stop`, a round every poll interval (at once after a busy one). */
  start(): void {
    if (this.loop !== undefined) return;
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let busy = false;
      try {
        const result = await this.runOnce();
        busy = result.started + result.published > 0 && result.failed === 0;
      } catch (error: unknown) {
        this.logger.error({ err: toError(error) }, 'process start round failed');
      }
      if (!busy && !this.stopping) await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async attemptStart(claim: ClaimedStart, actor: string): Promise<StartOutcome> {
    const petition = await getPetition(this.db, claim.petitionId);
    if (petition === undefined) return { status: 'pending' };
    let processInstanceKey: string;
    try {
      processInstanceKey =
        (claim.attempts > 1 ? await this.existingInstance(petition.number) : undefined) ??
        (
          await this.engine.createProcessInstance({
            processDefinitionId: PETITION_PROCESS_ID,
            variables: startVariables(petition),
          })
        ).processInstanceKey;
    } catch (error: unknown) {
      const retryInMs = this.backoff(claim.attempts);
      await markProcessStartFailed(this.db, petition.id, {
        nextAttemptAt: new Date(this.clock().getTime() + retryInMs),
        error: describeEngineError(error),
      });
      this.logger.warn(
        { err: toError(error), petitionNumber: petition.number, attempts: claim.attempts, retryInMs },
        'could not start the petition process; will retry',
      );
      return { status: 'pending' };
    }
    try {
      const at = new Date(await this.engineNow());
      const recorded = await recordProcessInstance(this.db, petition.id, processInstanceKey, { at, actor });
      await markProcessStarted(this.db, petition.id, { now: this.clock(), processInstanceKey });
      this.logger.info({ petitionNumber: petition.number, processInstanceKey }, 'petition process started');
      return { status: 'started', processInstanceKey, petition: recorded };
    } catch (error: unknown) {
      // The process runs but is not recorded: the claim runs out, and the next attempt finds the
      // instance by the petition's number and records it.
      this.logger.error(
        { err: toError(error), petitionNumber: petition.number, processInstanceKey },
        'started the petition process but could not record it; will record it on the next attempt',
      );
      return { status: 'pending' };
    }
  }

  /** The key of a petition process already started for this number, if an earlier try got through. */
  private async existingInstance(petitionNumber: string): Promise<string | undefined> {
    const found = await this.engine.searchProcessInstances(
      {
        filter: {
          processDefinitionId: PETITION_PROCESS_ID,
          variables: [{ name: 'petitionId', value: JSON.stringify(petitionNumber) }],
        },
        page: { from: 0, limit: 1 },
      },
      SEARCH_NOW,
    );
    return found.items[0]?.processInstanceKey;
  }

  private async attemptPublish(message: OutgoingMessage): Promise<boolean> {
    try {
      await this.engine.publishMessage({
        name: message.name,
        correlationKey: message.correlationKey,
        variables: message.variables,
        messageId: message.messageId,
      });
    } catch (error: unknown) {
      const retryInMs = this.backoff(message.attempts);
      await markMessageFailed(this.db, message.id, {
        nextAttemptAt: new Date(this.clock().getTime() + retryInMs),
        error: describeEngineError(error),
      });
      this.logger.warn(
        { err: toError(error), ...messageLogFields(message), attempts: message.attempts, retryInMs },
        'could not publish a message; will retry',
      );
      return false;
    }
    await markMessagePublished(this.db, message.id, this.clock());
    this.logger.info(messageLogFields(message), 'message published');
    return true;
  }
}
