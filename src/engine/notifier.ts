// Wakes long-polling job activations when jobs of their type may be ready, and callers of
// CreateProcessInstanceWithResult when their instance ends. In-process only: a poller also
// looks again on its own every FALLBACK_MS, which covers back-offs and lock timeouts running out.
//
// A wait that accepts jobs (a long poll that found none) can be handed jobs directly: the command
// that creates them activates them for it in its own transaction (see job-handover.ts), which
// saves the poller its own activation transaction. Such a wait is reserved before that command
// commits; from then on it ends only with the jobs, or empty when the command failed.
//
// Every announcement that jobs were left for pollers to claim is counted (JobWait.mark): a job
// stream that was just handed jobs and sees no announcement since its last look in the database
// knows there is nothing new there for it, and saves that look.
import type { ActivateJobsRequest, ActivatedJob, JobWait, Variables } from './api.js';

const FALLBACK_MS = 500;

export interface JobWaiter {
  readonly type: string;
  /** What the waiting call asked for, once it accepts jobs activated for it. */
  request: ActivateJobsRequest | undefined;
  reserved: boolean;
  finish(jobs: ActivatedJob[]): void;
}

export class Notifier {
  private readonly jobWaiters = new Map<string, Set<JobWaiter>>();
  private readonly instanceWaiters = new Map<string, Set<(outcome: InstanceOutcome) => void>>();
  /** Announcements per job type, and those for every type (the clock moved): see `mark`. */
  private readonly announced = new Map<string, number>();
  private announcedToAll = 0;

  /** Only grows; unchanged means no job of `type` was left for pollers since it was read. */
  mark(type: string): number {
    return this.announcedToAll + (this.announced.get(type) ?? 0);
  }

  waitForJobs(type: string, signal: AbortSignal): JobWait {
    let waiters = this.jobWaiters.get(type);
    if (!waiters) this.jobWaiters.set(type, (waiters = new Set()));
    const set = waiters;
    let resolve!: (jobs: ActivatedJob[]) => void;
    const result = new Promise<ActivatedJob[]>((done) => (resolve = done));
    let ended = false;
    const waiter: JobWaiter = {
      type,
      request: undefined,
      reserved: false,
      finish: (jobs) => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        set.delete(waiter);
        if (set.size === 0 && this.jobWaiters.get(type) === set) this.jobWaiters.delete(type);
        resolve(jobs);
      },
    };
    // Time and abort end a wait only while no jobs are on their way to it.
    const onAbort = () => {
      if (!waiter.reserved) waiter.finish([]);
    };
    const timer = setTimeout(onAbort, FALLBACK_MS);
    signal.addEventListener('abort', onAbort, { once: true });
    set.add(waiter);
    if (signal.aborted) onAbort();
    return {
      result,
      mark: this.mark(type),
      accept(request) {
        if (ended || waiter.reserved) return false;
        waiter.request = request;
        return true;
      },
    };
  }

  jobsAvailable(type: string): void {
    // Counted whether or not anyone waits: a stream between two waits must learn of it too.
    this.announced.set(type, (this.announced.get(type) ?? 0) + 1);
    for (const waiter of [...(this.jobWaiters.get(type) ?? [])]) {
      if (!waiter.reserved) waiter.finish([]);
    }
  }

  /**
   * The longest-waiting wait for jobs of `type` that accepts jobs, now reserved for the caller,
   * who must end it with `finish` (the jobs, or [] when its command failed).
   */
  reserveWaiter(type: string): JobWaiter | undefined {
    for (const waiter of this.jobWaiters.get(type) ?? []) {
      if (waiter.request && !waiter.reserved) {
        waiter.reserved = true;
        return waiter;
      }
    }
    return undefined;
  }

  /** Wakes every job poller: the clock moved, so back-offs and lock timeouts may have run out. */
  everything(): void {
    this.announcedToAll += 1;
    for (const type of [...this.jobWaiters.keys()]) this.jobsAvailable(type);
  }

  waitForInstance(key: string): { promise: Promise<InstanceOutcome>; cancel(): void } {
    let waiters = this.instanceWaiters.get(key);
    if (!waiters) this.instanceWaiters.set(key, (waiters = new Set()));
    let listener!: (outcome: InstanceOutcome) => void;
    const promise = new Promise<InstanceOutcome>((resolve) => (listener = resolve));
    waiters.add(listener);
    const cancel = () => {
      waiters.delete(listener);
      if (waiters.size === 0) this.instanceWaiters.delete(key);
    };
    return { promise, cancel };
  }

  instanceEnded(key: string, outcome: InstanceOutcome): void {
    for (const listener of [...(this.instanceWaiters.get(key) ?? [])]) listener(outcome);
    this.instanceWaiters.delete(key);
  }
}

export type InstanceOutcome = { state: 'COMPLETED'; variables: Variables } | { state: 'TERMINATED' };
