// The bpmnlint configuration for bpmn/: what Camunda 8.8 can run, bpmnlint's recommended
// modelling rules, and the project's own rules (plugin "xinfang", see rules/).
import type { HeaderCheck } from './rules/task-headers.js';

export type RuleSetting = 'off' | 'warn' | 'error' | [category: 'warn' | 'error', options: unknown];

export interface LintConfig {
  extends: string[];
  rules: Record<string, RuleSetting>;
}

export interface ProjectFacts {
  /** Job types that have a worker (WORKERS in workers/index.ts). */
  jobTypes: readonly string[];
  /** Form ids found in forms/*.form. */
  formIds: readonly string[];
  /** Per job type, the check of a task's headers against what its worker declares. */
  headerChecks: Readonly<Record<string, HeaderCheck>>;
}

export function lintConfig(facts: ProjectFacts): LintConfig {
  return {
    extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-8'],
    rules: {
      // Deliberate: the petition fork (discipline check beside the risk letter beside the rest)
      // is an inclusive gateway with its matching join; Camunda 8.8 runs both.
      'no-inclusive-gateway': 'off',
      'xinfang/job-worker': ['error', { jobTypes: [...facts.jobTypes] }],
      'xinfang/form-exists': ['error', { formIds: [...facts.formIds] }],
      'xinfang/timer-syntax': 'error',
      'xinfang/task-headers': ['error', { workers: { ...facts.headerChecks } }],
    },
  };
}
