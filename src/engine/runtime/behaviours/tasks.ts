// Service, script and user tasks.
import { evaluateFeel } from '../../feel/index.js';
import { IncidentSignal } from '../runtime.js';
import { createJob, cancelJobsOf } from '../jobs.js';
import { cancelUserTasksOf, createUserTask } from '../user-tasks.js';
import { visibleVariables } from '../variables.js';
import type { Behaviour } from './behaviour.js';

export const serviceTaskBehaviour: Behaviour = {
  activate: (runtime, element, node) => createJob(runtime, element, node),
  terminated: (runtime, element) => cancelJobsOf(runtime, element),
};

export const userTaskBehaviour: Behaviour = {
  activate: (runtime, element, node) => createUserTask(runtime, element, node),
  terminated: (runtime, element) => cancelUserTasksOf(runtime, element),
};

export const scriptTaskBehaviour: Behaviour = {
  activate(runtime, element, node) {
    if (!node.script)
      throw new IncidentSignal('EXTRACT_VALUE_ERROR', `script task '${node.id}' has no script`);
    const result = evaluateFeel(
      node.script.expression,
      visibleVariables(runtime.ctx, element.key),
      runtime.ctx.now,
    );
    runtime.applyCompletionVariables(element, { [node.script.resultVariable]: result });
    runtime.queueCompletion(element);
  },
};
