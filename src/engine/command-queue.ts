// Commands wait here when the engine is busy, and run together when their turn comes: a few
// transactions run at a time, and each takes every command that queued up while the others ran
// (up to a limit). At low load a command starts at once, alone; under load, many commands share
// one transaction's round trips, statements and commit, which is where a busy engine's database
// time goes.
import { availableParallelism } from 'node:os';

/** A command waiting in the queue, with the means to answer its caller. */
export interface Queued<C> {
  command: C;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface CommandQueueLimits {
  /** Command transactions running at once. */
  concurrency: number;
  /** Commands one transaction takes at most. */
  batchSize: number;
}

/**
 * As many transactions at once as the machine has cores, two to eight (the engine's pool has ten
 * connections, and job activation and queries need some). More only wait on each other for the
 * processor (on two cores four ran about a fifth slower than two), and every command that waits
 * instead joins the next transaction, sharing its round trips and commit.
 */
export const DEFAULT_QUEUE_LIMITS: CommandQueueLimits = {
  concurrency: Math.min(8, Math.max(2, availableParallelism())),
  batchSize: 64,
};

export class CommandQueue<C> {
  private readonly waiting: Queued<C>[] = [];
  private running = 0;

  constructor(
    /** Runs the commands (one or more) and settles each; must not reject. */
    private readonly run: (commands: Queued<C>[]) => Promise<void>,
    private readonly limits: CommandQueueLimits = DEFAULT_QUEUE_LIMITS,
  ) {}

  submit<T>(command: C): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ command, resolve: resolve as (value: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.limits.concurrency && this.waiting.length > 0) {
      const commands = this.waiting.splice(0, this.limits.batchSize);
      this.running++;
      void this.run(commands).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }
}
