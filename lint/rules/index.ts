// The project's own bpmnlint rules, as a local plugin named "xinfang" (rule names
// "xinfang/<rule>"). The lint runner's resolver serves them; they are not an npm package.
import { formExists } from './form-exists.js';
import { jobWorker } from './job-worker.js';
import type { RuleFactory } from './moddle.js';
import { taskHeaders } from './task-headers.js';
import { timerSyntax } from './timer-syntax.js';

export const PLUGIN_PACKAGE = 'bpmnlint-plugin-xinfang';

export const PROJECT_RULES: Readonly<Record<string, RuleFactory>> = {
  'job-worker': jobWorker,
  'form-exists': formExists,
  'timer-syntax': timerSyntax,
  'task-headers': taskHeaders,
};
