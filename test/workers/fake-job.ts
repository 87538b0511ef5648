// A job as a worker sees it, recording how the handler ended it.
import pino from 'pino';
import type { JobLike } from '../../workers/lib/define-worker.js';

export type Outcome =
  | { kind: 'complete'; variables: Record<string, unknown> }
  | { kind: 'fail'; errorMessage: string; retries: number; retryBackOff?: number }
  | { kind: 'error'; errorCode: string; errorMessage: string };

let next = 1;

export function fakeJob(
  variables: Record<string, unknown>,
  customHeaders: Record<string, unknown> = {},
  options: { key?: string; retries?: number } = {},
): { job: JobLike; outcome: () => Outcome } {
  let outcome: Outcome | undefined;
  const job: JobLike = {
    key: options.key ?? String(2251799813700000 + next++),
    processInstanceKey: '2251799813600001',
    elementId: 'task',
    retries: options.retries ?? 3,
    variables,
    customHeaders,
    complete: (output = {}) => Promise.resolve((outcome = { kind: 'complete', variables: output })),
    fail: (failure) => Promise.resolve((outcome = { kind: 'fail', ...failure })),
    error: (error) =>
      Promise.resolve(
        (outcome = { kind: 'error', errorCode: error.errorCode, errorMessage: error.errorMessage }),
      ),
  };
  return {
    job,
    outcome: () => {
      if (!outcome) throw new Error('the handler ended the job in no way');
      return outcome;
    },
  };
}

export const silent = pino({ level: 'silent' });
