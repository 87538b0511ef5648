// The app's view of the engine: the Camunda 8 REST client (Orchestration Cluster API) of the one
// Camunda client the launcher builds. The same calls reach the embedded engine or a Camunda 8
// cluster; which one is configuration.
import type { Camunda8 } from '@camunda8/sdk';
import { PROBLEM_TYPES, ProblemError } from '../problem.js';

/** The 8.8 REST client with plain-string keys (keys come to us as strings from URLs and the database). */
export type EngineRestClient = ReturnType<Camunda8['getOrchestrationClusterApiClientLoose']>;

export function engineRestClient(camunda: Camunda8): EngineRestClient {
  return camunda.getOrchestrationClusterApiClientLoose();
}

/**
 * Searches answer with what the engine has now. A cluster's search index trails its commands by
 * a moment; a task list that is a second behind is fine, waiting for it is not.
 */
export const SEARCH_NOW = { consistency: { waitUpToMs: 0 } } as const;

/** The HTTP status the engine answered with, when the error is an engine answer (not a network failure). */
export function engineStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/** The engine answered 404 (no such task, instance …). */
export function isEngineNotFound(error: unknown): boolean {
  return engineStatus(error) === 404;
}

/** A short description of an engine failure for logs and the retry table; never shown to clerks. */
export function describeEngineError(error: unknown): string {
  const status = engineStatus(error);
  const message = error instanceof Error ? error.message : String(error);
  const detail = (error as { detail?: unknown } | null)?.detail;
  const text = [
    status === undefined ? undefined : `HTTP ${status}`,
    message,
    typeof detail === 'string' ? detail : undefined,
  ]
    .filter((part) => part !== undefined && part !== '')
    .join(': ');
  return text.slice(0, 1000);
}

/**
 * Runs an engine call; an engine that cannot be reached or fails (5xx) becomes a 503 problem for
 * the clerk. Answers the caller should handle (404, 409 …) are rethrown as they are.
 */
export async function callEngine<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error: unknown) {
    const status = engineStatus(error);
    const clientSide = error instanceof Error && error.name === 'CamundaValidationError';
    if (!clientSide && (status === undefined || status >= 500)) {
      throw new ProblemError(
        {
          type: PROBLEM_TYPES.engineUnavailable,
          title: '流程引擎暂不可用',
          status: 503,
          detail: '流程引擎暂时无法连接，请稍后重试。',
        },
        { cause: error },
      );
    }
    throw error;
  }
}

/** Items per page of an engine search read to the end (the engine's own maximum page). */
export const SEARCH_PAGE_LIMIT = 1000;

/**
 * Every item of an engine search, read page by page by cursor: a search answers at most
 * SEARCH_PAGE_LIMIT items at a time, and a unit's task list (or the variables of its instances)
 * can be longer.
 */
export async function everyPage<T>(
  search: (page: {
    limit: number;
    after?: string;
  }) => Promise<{ items?: T[]; page: { endCursor?: { toString(): string } } }>,
): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = after === undefined ? { limit: SEARCH_PAGE_LIMIT } : { after, limit: SEARCH_PAGE_LIMIT };
    const found = await callEngine(() => search(page));
    const items = found.items ?? [];
    all.push(...items);
    after = found.page.endCursor?.toString();
    if (items.length < SEARCH_PAGE_LIMIT || after === undefined) return all;
  }
}
