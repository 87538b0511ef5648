// What an element kind adds to the shared lifecycle in runtime.ts.
import type { ElementNode } from '../../model/types.js';
import type { Runtime } from '../runtime.js';
import type { ElementInstance } from '../state.js';

export interface Behaviour {
  /** After input mappings: either wait (job, user task) or queue the element's completion. */
  activate(runtime: Runtime, element: ElementInstance, node: ElementNode): void;
  /** Flows to take on completion; all outgoing flows when absent. */
  outgoingFlows?(runtime: Runtime, element: ElementInstance, node: ElementNode): string[];
  /** After the element completed, before its outgoing flows are taken. */
  completed?(runtime: Runtime, element: ElementInstance, node: ElementNode): void;
  /** Cleans up what the element holds (job, user task) when it is terminated. */
  terminated?(runtime: Runtime, element: ElementInstance): void;
}

/** Elements that do nothing but pass the token on. */
export const passThrough: Behaviour = {
  activate: (runtime, element) => runtime.queueCompletion(element),
};
