// Delivers the outbox: claims due notifications, sends them, records the outcome.
//
// Delivery is at least once. A claim (status `sending`) lasts `claimTimeoutMs`; the claim is
// committed before the send, and the outcome is written after it. If the process dies (or the
// database is unreachable) between a successful send and its `sent` mark, the claim expires and
// a dispatcher sends the message again: at worst one repeat after the claim timeout, never a
// loss. The notification's idempotency key goes with every send so a gateway can drop repeats.
// A try whose outcome is never recorded still counts as an attempt.
import type pg from 'pg';
import type { Logger } from 'pino';
import { toError } from '../../lib/errors.js';
import { LogSender, type Sender } from './senders.js';
import { claimDue, markAttemptFailed, markSent } from './store.js';
import type { Notification } from './types.js';

export interface OutboxDispatcherOptions {
  logger: Logger;
  /** Default: LogSender (the log, nothing leaves the machine). */
  sender?: Sender;
  /** Tries before a notification is marked failed (default 5). */
  maxAttempts?: number;
  /** Wait before try n + 1 after n failed tries (default 30 s × 2^(n−1), at most 1 h). */
  backoff?: (failedAttempts: number) => number;
  /** How long a claim holds before another dispatcher may take it over (default 5 min). Must exceed the sender's own timeout. */
  claimTimeoutMs?: number;
  /** Notifications claimed (and sent concurrently) per round (default 20). */
  batchSize?: number;
  /** Pause between rounds when nothing was due (default 2 s). */
  pollIntervalMs?: number;
  /** Default: the system clock. */
  clock?: () => Date;
}

export interface DispatchResult {
  sent: number;
  /** Failed tries that will be tried again. */
  retrying: number;
  /** Failed tries that used the last attempt. */
  failed: number;
}

export function exponentialBackoff(baseMs = 30_000, maxMs = 3_600_000): (failedAttempts: number) => number {
  return (failedAttempts) => Math.min(maxMs, baseMs * 2 ** Math.max(0, failedAttempts - 1));
}

export class OutboxDispatcher {
  private readonly sender: Sender;
  private readonly maxAttempts: number;
  private readonly backoff: (failedAttempts: number) => number;
  private readonly claimTimeoutMs: number;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly clock: () => Date;
  private readonly logger: Logger;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: () => void = () => {};

  constructor(
    private readonly db: pg.Pool,
    options: OutboxDispatcherOptions,
  ) {
    this.logger = options.logger;
    this.sender = options.sender ?? new LogSender(options.logger);
    this.maxAttempts = positive(options.maxAttempts ?? 5, 'maxAttempts');
    this.backoff = options.backoff ?? exponentialBackoff();
    this.claimTimeoutMs = positive(options.claimTimeoutMs ?? 300_000, 'claimTimeoutMs');
    this.batchSize = positive(options.batchSize ?? 20, 'batchSize');
    this.pollIntervalMs = positive(options.pollIntervalMs ?? 2_000, 'pollIntervalMs');
    this.clock = options.clock ?? (() => new Date());
  }

  /** One round: claims what is due at `now`, sends it, records each outcome at `now`. */
  async runOnce(now: Date = this.clock()): Promise<DispatchResult> {
    const claimed = await claimDue(this.db, {
      now,
      claimUntil: new Date(now.getTime() + this.claimTimeoutMs),
      limit: this.batchSize,
      maxAttempts: this.maxAttempts,
    });
    const result: DispatchResult = { sent: 0, retrying: 0, failed: 0 };
    const outcomes = await Promise.allSettled(claimed.map((n) => this.deliver(n, now, result)));
    for (const outcome of outcomes) {
      // Only recording an outcome can fail here; the claim expires and the row is tried again.
      if (outcome.status === 'rejected') {
        this.logger.error({ err: toError(outcome.reason) }, 'could not record a notification outcome');
      }
    }
    return result;
  }

  private async deliver(notification: Notification, now: Date, result: DispatchResult): Promise<void> {
    try {
      await this.sender.send(notification);
    } catch (thrown: unknown) {
      const error = toError(thrown);
      const last = notification.attempts >= this.maxAttempts;
      const retryAt = last ? null : new Date(now.getTime() + this.backoff(notification.attempts));
      await markAttemptFailed(
        this.db,
        notification.id,
        notification.attempts,
        error.message.slice(0, 2000),
        retryAt,
      );
      if (last) result.failed++;
      else result.retrying++;
      this.logger.warn(
        { err: error, notificationId: notification.id, attempt: notification.attempts, retryAt },
        last ? 'notification failed for good' : 'notification failed; will retry',
      );
      return;
    }
    await markSent(this.db, notification.id, now);
    result.sent++;
  }

  /** Polls until stop(): a full batch goes on at once, otherwise it waits `pollIntervalMs`. */
  start(): void {
    if (this.loop !== undefined) return;
    this.stopping = false;
    this.loop = this.poll();
  }

  /** Stops polling; resolves when the round in progress has recorded its outcomes. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    this.loop = undefined;
  }

  private async poll(): Promise<void> {
    while (!this.stopping) {
      let busy = false;
      try {
        const { sent, retrying, failed } = await this.runOnce();
        busy = sent + retrying + failed >= this.batchSize;
      } catch (error: unknown) {
        this.logger.error({ err: toError(error) }, 'outbox round failed');
      }
      if (!busy && !this.stopping) await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      this.wake = () => {};
    });
  }
}

function positive(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`OutboxDispatcher ${name} must be a whole number ≥ 1, got ${String(value)}`);
  }
  return value;
}
