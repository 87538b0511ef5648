// Wakes long-polling job activations when jobs of their type may be ready, and callers of
// CreateProcessInstanceWithResult when their instance ends. In-process only: a poller also
// looks again on its own every FALLBACK_MS, which covers back-offs and lock timeouts running out.
import type { Variables } from './api.js';

const FALLBACK_MS = 500;

export class Notifier {
  private readonly jobWaiters = new Map<string, Set<() => void>>();
  private readonly instanceWaiters = new Map<string, Set<(outcome: InstanceOutcome) => void>>();

  waitForJobs(type: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      let waiters = this.jobWaiters.get(type);
      if (!waiters) this.jobWaiters.set(type, (waiters = new Set()));
      const wake = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', wake);
        waiters.delete(wake);
        if (waiters.size === 0) this.jobWaiters.delete(type);
        resolve();
      };
      const timer = setTimeout(wake, FALLBACK_MS);
      signal.addEventListener('abort', wake, { once: true });
      waiters.add(wake);
    });
  }

  jobsAvailable(type: string): void {
    for (const wake of [...(this.jobWaiters.get(type) ?? [])]) wake();
  }

  /** Wakes every job poller: the clock moved, so back-offs and lock timeouts may have run out. */
  everything(): void {
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
