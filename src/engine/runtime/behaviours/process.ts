// The process itself: the root flow scope. Its end is the instance's end.
import { visibleVariables } from '../variables.js';
import type { Behaviour } from './behaviour.js';

export const processBehaviour: Behaviour = {
  activate(runtime, element) {
    runtime.createElement(runtime.ctx.graph.noneStartEventId, element.key);
  },
  completed(runtime, element) {
    const { ctx } = runtime;
    ctx.instance.state = 'COMPLETED';
    ctx.instance.endedAt = ctx.now;
    ctx.instanceChanged = true;
    ctx.completedWith = visibleVariables(ctx, element.key);
  },
  terminated(runtime) {
    const { ctx } = runtime;
    ctx.instance.state = 'TERMINATED';
    ctx.instance.endedAt = ctx.now;
    ctx.instanceChanged = true;
  },
};
