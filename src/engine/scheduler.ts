// Fires due timers from the database: each exactly once (it fires inside its instance's
// command, which re-checks it), promptly (the scheduler sleeps until the next due time and is
// woken when a sooner timer is created or the clock moves), and overdue ones at once after
// downtime. Only the index on due active timers is read, so a million waiting timers cost nothing.
import type pino from 'pino';
import type { CommandRunner } from './command-runner.js';
import { fireTimer } from './runtime/timer-firing.js';
import type { InstanceContext, Timer } from './runtime/state.js';
import { inTransaction, type Db } from './store/db.js';
import type { DefinitionStore } from './store/definitions.js';
import { timerColumns, toRow, toTimer } from './store/instance-store.js';
import { upsertRows } from './store/rows.js';
import { nextCycleDue } from './timers/index.js';

const BATCH = 200;
/** Timers fired at once: the command queue runs them together in a few transactions. */
const PARALLEL = 32;
/** Longest sleep: also bounds how late a timer created by another engine process is seen. */
const MAX_SLEEP_MS = 5_000;

export interface SchedulerStats {
  fired: number;
  lastLatenessMs: number[];
}

export class TimerScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  readonly stats: SchedulerStats = { fired: 0, lastLatenessMs: [] };

  constructor(
    private readonly db: Db,
    private readonly runner: CommandRunner,
    private readonly definitions: DefinitionStore,
    private readonly now: () => number,
    private readonly logger: pino.Logger,
    /** Told after each firing (metrics). */
    private readonly onFired: (count: number) => void = () => undefined,
  ) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Looks again now (a timer was created, or the clock moved). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.tick()
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'timer scheduler failed; retrying');
        return 1_000;
      })
      .then((sleep) => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.timer = setTimeout(() => this.wake(), sleep);
        }
      });
  }

  /** Tells the scheduler a timer is due at `dueAt`: it wakes then if it would sleep longer. */
  timerCreated(dueAt: number): void {
    if (dueAt <= this.now() + 5) this.wake();
    else if (!this.running) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.wake(), Math.min(dueAt - this.now(), MAX_SLEEP_MS));
    } else this.again = true;
  }

  /** Fires what is due; returns how long to sleep. */
  private async tick(): Promise<number> {
    for (;;) {
      const now = this.now();
      const { rows } = await this.db.query<{
        key: number;
        process_instance_key: number | null;
        due_at: number;
      }>(
        `SELECT key, process_instance_key, due_at FROM engine.timers
         WHERE state = 'ACTIVE' AND due_at <= $1 ORDER BY due_at LIMIT $2`,
        [now, BATCH],
      );
      for (let i = 0; i < rows.length; i += PARALLEL) {
        await Promise.all(rows.slice(i, i + PARALLEL).map((row) => this.fire(row)));
      }
      if (rows.length < BATCH || this.stopped) break;
    }
    const { rows } = await this.db.query<{ next: number | null }>(
      `SELECT min(due_at) AS next FROM engine.timers WHERE state = 'ACTIVE'`,
    );
    const next = rows[0]?.next;
    return next === null || next === undefined
      ? MAX_SLEEP_MS
      : Math.max(0, Math.min(next - this.now(), MAX_SLEEP_MS));
  }

  private async fire(row: {
    key: number;
    process_instance_key: number | null;
    due_at: number;
  }): Promise<void> {
    const key = String(row.key);
    try {
      if (row.process_instance_key === null) await this.fireStartTimer(key);
      else {
        const fired = await this.runner.onInstance(String(row.process_instance_key), (runtime) =>
          fireTimer(runtime, key),
        );
        if (fired) this.count(row.due_at);
      }
    } catch (error) {
      if ((error as { code?: unknown }).code === 'NOT_FOUND') {
        // The instance has ended: its timer can never fire.
        await this.db.query(
          `UPDATE engine.timers SET state = 'CANCELED' WHERE key = $1 AND state = 'ACTIVE'`,
          [key],
        );
      } else {
        this.logger.error({ err: error, timerKey: key }, 'timer could not fire');
      }
    }
  }

  /** A timer start event: a new instance each firing; a cycle schedules its next firing. */
  private async fireStartTimer(key: string): Promise<void> {
    const created = await this.runner.withRetry(() =>
      inTransaction(this.db, async (tx): Promise<InstanceContext | undefined> => {
        const { rows } = await tx.query(
          `SELECT * FROM engine.timers WHERE key = $1 AND state = 'ACTIVE' AND due_at <= $2 FOR UPDATE SKIP LOCKED`,
          [key, this.now()],
        );
        if (!rows[0]) return undefined;
        const timer = toTimer(rows[0] as Record<string, unknown>);
        const changed: Timer[] = [{ ...timer, state: 'TRIGGERED' }];
        if (timer.cycle && (timer.repetitions === null || timer.repetitions > 1)) {
          changed.push({
            ...timer,
            key: this.runner.keys.take(),
            state: 'ACTIVE',
            dueAt: nextCycleDue(timer.cycle, timer.dueAt, this.now()),
            repetitions: timer.repetitions === null ? null : timer.repetitions - 1,
            createdAt: this.now(),
          });
        }
        await upsertRows(tx, 'engine.timers', timerColumns, changed.map(toRow));
        const definition = await this.definitions.byKey(timer.processDefinitionKey, tx);
        const ctx = await this.runner.createInstanceIn(tx, definition, {}, { startEventId: timer.elementId });
        this.count(timer.dueAt);
        return ctx;
      }),
    );
    if (created) this.runner.afterCommit(created);
  }

  private count(dueAt: number): void {
    this.stats.fired += 1;
    this.onFired(1);
    this.stats.lastLatenessMs.push(Math.max(0, this.now() - dueAt));
    if (this.stats.lastLatenessMs.length > 10_000) this.stats.lastLatenessMs.splice(0, 5_000);
  }
}
