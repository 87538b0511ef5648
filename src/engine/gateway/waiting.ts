// Waiting for jobs without missing a wake-up: a round registers `engine.waitForJobs` BEFORE it
// asks the engine to activate, so a job created in between still wakes it. Once the attempt found
// nothing, the wait accepts jobs: the engine may then activate a new job for it directly.
import type { ActivateJobsRequest, ActivatedJob, EngineApi } from '../api.js';
import { toError } from '../errors.js';

/** An AbortController that also aborts when any parent signal aborts; `dispose` unhooks it. */
export interface LinkedAbort {
  signal: AbortSignal;
  abort(): void;
  dispose(): void;
}

/**
 * The reason every gateway abort gives: without one, each abort builds a DOMException and its
 * stack (a few per long poll), and nothing here reads the reason.
 */
export const ENDED = new Error('ended');

export function linkedAbort(...parents: AbortSignal[]): LinkedAbort {
  const controller = new AbortController();
  const abort = () => controller.abort(ENDED);
  for (const parent of parents) {
    if (parent.aborted) controller.abort(ENDED);
    else parent.addEventListener('abort', abort, { once: true });
  }
  return {
    signal: controller.signal,
    abort,
    dispose() {
      for (const parent of parents) parent.removeEventListener('abort', abort);
      controller.abort(ENDED);
    },
  };
}

/** How a wait ended: with the jobs the engine handed to it (often none), or with an error. */
export type WaitOutcome = { ok: true; jobs: ActivatedJob[] } | { ok: false; error: unknown };

export interface Waiting {
  /** Never rejects, so an unawaited wait cannot become an unhandled rejection. */
  outcome: Promise<WaitOutcome>;
  /** Lets the engine activate new jobs for `request` and hand them to this wait (JobWait.accept). */
  accept(request: ActivateJobsRequest): boolean;
  /** The engine's JobWait.mark; undefined when it cannot tell. */
  mark: number | undefined;
}

/** Starts `engine.waitForJobs` now: its registration must happen before the activation attempt. */
export function startWaiting(engine: EngineApi, type: string, signal: AbortSignal): Waiting {
  try {
    const wait = engine.waitForJobs(type, signal);
    return {
      outcome: wait.result.then(
        (jobs): WaitOutcome => ({ ok: true, jobs }),
        (error: unknown): WaitOutcome => (signal.aborted ? { ok: true, jobs: [] } : { ok: false, error }),
      ),
      accept: (request) => wait.accept(request),
      mark: wait.mark,
    };
  } catch (error: unknown) {
    return { outcome: Promise.resolve({ ok: false, error }), accept: () => false, mark: undefined };
  }
}

/**
 * Ends a wait that `waitForWakeUp` left (by aborting its round) and returns the jobs that were
 * handed to it: once the engine has activated jobs for a wait, they arrive even after an abort.
 */
export async function endWaiting(waiting: Waiting, round: LinkedAbort): Promise<ActivatedJob[]> {
  round.abort();
  const outcome = await waiting.outcome;
  return outcome.ok ? outcome.jobs : [];
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
