// task-headers: the zeebe:taskHeaders of a task whose job type has a worker must be what that
// worker declares (workers/lib/headers.ts): no header it does not read, every required one set,
// each value one it accepts. A wrong value would otherwise surface only when a petition reaches
// the task, as an incident. The runner passes each worker's check as { workers: { type: check } }.
import type { HeaderIssue, TaskHeader } from '../../workers/lib/headers.js';
import { extensionsOf, isElement, isExpression, stringProp, type RuleFactory } from './moddle.js';

export type HeaderCheck = (headers: readonly TaskHeader[]) => HeaderIssue[];

function checksOption(config: unknown): ReadonlyMap<string, HeaderCheck> {
  const value =
    typeof config === 'object' && config !== null ? (config as { workers?: unknown }).workers : undefined;
  if (
    typeof value !== 'object' ||
    value === null ||
    !Object.values(value).every((v) => typeof v === 'function')
  ) {
    throw new Error(
      'rule xinfang/task-headers needs the option "workers" (job type → header check); the lint runner supplies it',
    );
  }
  return new Map(Object.entries(value as Record<string, HeaderCheck>));
}

export const taskHeaders: RuleFactory = (config) => {
  const checks = checksOption(config);
  return {
    check(node, reporter) {
      const extensions = extensionsOf(node);
      const definition = extensions.find((extension) => extension.$type === 'zeebe:TaskDefinition');
      const type = definition === undefined ? undefined : stringProp(definition, 'type');
      // No worker, or the type is only known at run time: xinfang/job-worker speaks about it.
      if (type === undefined || isExpression(type)) return;
      const check = checks.get(type);
      if (check === undefined) return;
      const headers: TaskHeader[] = extensions
        .filter((extension) => extension.$type === 'zeebe:TaskHeaders')
        .flatMap((container): unknown[] => {
          const values = container['values'];
          return Array.isArray(values) ? (values as unknown[]) : [];
        })
        .filter(isElement)
        .map((header) => ({
          key: stringProp(header, 'key') ?? '',
          value: stringProp(header, 'value') ?? '',
        }));
      for (const issue of check(headers)) {
        reporter.report(node.id ?? '', `作业 "${type}"：${issue.message}`);
      }
    },
  };
};
