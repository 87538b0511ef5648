// Waiting for jobs without missing a wake-up: a round registers `engine.waitForJobs` BEFORE it
// asks the engine to activate, so a job created in between still wakes it.
import type { EngineApi } from '../api.js';
import { toError } from '../errors.js';

/** An AbortController that also aborts when any parent signal aborts; `dispose` unhooks it. */
export interface LinkedAbort {
  signal: AbortSignal;
  abort(): void;
  dispose(): void;
}

export function linkedAbort(...parents: AbortSignal[]): LinkedAbort {
  const controller = new AbortController();
  const abort = () => controller.abort();
  for (const parent of parents) {
    if (parent.aborted) controller.abort();
    else parent.addEventListener('abort', abort, { once: true });
  }
  return {
    signal: controller.signal,
    abort,
    dispose() {
      for (const parent of parents) parent.removeEventListener('abort', abort);
      controller.abort();
    },
  };
}

export type WaitOutcome = { ok: true } | { ok: false; error: unknown };

/**
 * Starts `engine.waitForJobs` now (its registration must happen before the activation attempt) and
 * returns a promise that never rejects, so an unawaited wait cannot become an unhandled rejection.
 */
export function startWaiting(engine: EngineApi, type: string, signal: AbortSignal): Promise<WaitOutcome> {
  try {
    return engine.waitForJobs(type, signal).then(
      (): WaitOutcome => ({ ok: true }),
      (error: unknown): WaitOutcome => (signal.aborted ? { ok: true } : { ok: false, error }),
    );
  } catch (error: unknown) {
    return Promise.resolve({ ok: false, error });
  }
}

export type WakeReason = 'woken' | 'timer' | 'aborted';

/**
 * Resolves with the first of: the engine's wake-up, `ms` passing, `signal` aborting. Rejects when
 * the engine's wait failed for a reason other than the abort.
 */
export function waitForWakeUp(
  wait: Promise<WaitOutcome>,
  ms: number,
  signal: AbortSignal,
): Promise<WakeReason> {
  if (signal.aborted) return Promise.resolve('aborted');
  return new Promise<WakeReason>((resolve, reject) => {
    const finish = (reason: WakeReason) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(reason);
    };
    const onAbort = () => finish('aborted');
    const timer = setTimeout(() => finish('timer'), Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
    void wait.then((outcome) => {
      if (outcome.ok) {
        finish(signal.aborted ? 'aborted' : 'woken');
        return;
      }
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      reject(toError(outcome.error));
    });
  });
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, Math.max(0, ms));
    signal.addEventListener('abort', finish, { once: true });
  });
}
