// One behaviour per element kind.
import type { ElementType } from '../../model/types.js';
import type { Behaviour } from './behaviour.js';
import { boundaryEventBehaviour, endEventBehaviour, startEventBehaviour } from './events.js';
import { exclusiveGatewayBehaviour, parallelGatewayBehaviour } from './gateways.js';
import { processBehaviour } from './process.js';
import { scriptTaskBehaviour, serviceTaskBehaviour, userTaskBehaviour } from './tasks.js';

const behaviours: Record<ElementType, Behaviour> = {
  process: processBehaviour,
  startEvent: startEventBehaviour,
  endEvent: endEventBehaviour,
  boundaryEvent: boundaryEventBehaviour,
  serviceTask: serviceTaskBehaviour,
  scriptTask: scriptTaskBehaviour,
  userTask: userTaskBehaviour,
  exclusiveGateway: exclusiveGatewayBehaviour,
  parallelGateway: parallelGatewayBehaviour,
};

export function behaviourOf(type: ElementType): Behaviour {
  return behaviours[type];
}
