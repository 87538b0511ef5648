// job-worker: every static zeebe:taskDefinition type names a job type that has a worker in
// workers/ (WORKERS in workers/index.ts). The runner passes the known types as { jobTypes }, so
// this rule needs nothing but its config.
import { extensionsOf, isExpression, stringListOption, stringProp, type RuleFactory } from './moddle.js';

export const jobWorker: RuleFactory = (config) => {
  const jobTypes = stringListOption(config, 'jobTypes', 'xinfang/job-worker');
  return {
    check(node, reporter) {
      for (const extension of extensionsOf(node)) {
        if (extension.$type !== 'zeebe:TaskDefinition') continue;
        const type = stringProp(extension, 'type');
        if (type === undefined || type.trim() === '' || isExpression(type)) continue;
        if (!jobTypes.has(type)) {
          reporter.report(
            node.id ?? '',
            `任务类型 "${type}" 没有对应的 job worker（workers/ 中已有：${[...jobTypes].join(', ')}）`,
          );
        }
      }
    },
  };
};
