// One behaviour per element kind.
import type { ElementInstanceType } from '../state.js';
import { multiInstanceBodyBehaviour } from '../multi-instance.js';
import type { Behaviour } from './behaviour.js';
import {
  boundaryEventBehaviour,
  catchEventBehaviour,
  endEventBehaviour,
  intermediateThrowEventBehaviour,
  startEventBehaviour,
} from './events.js';
import {
  eventBasedGatewayBehaviour,
  exclusiveGatewayBehaviour,
  inclusiveGatewayBehaviour,
  parallelGatewayBehaviour,
} from './gateways.js';
import {
  callActivityBehaviour,
  eventSubProcessBehaviour,
  processBehaviour,
  subProcessBehaviour,
} from './scopes.js';
import { scriptTaskBehaviour, serviceTaskBehaviour, userTaskBehaviour } from './tasks.js';

const behaviours: Record<ElementInstanceType, Behaviour> = {
  process: processBehaviour,
  subProcess: subProcessBehaviour,
  eventSubProcess: eventSubProcessBehaviour,
  callActivity: callActivityBehaviour,
  multiInstanceBody: multiInstanceBodyBehaviour,
  startEvent: startEventBehaviour,
  endEvent: endEventBehaviour,
  boundaryEvent: boundaryEventBehaviour,
  intermediateCatchEvent: catchEventBehaviour,
  intermediateThrowEvent: intermediateThrowEventBehaviour,
  receiveTask: catchEventBehaviour,
  serviceTask: serviceTaskBehaviour,
  scriptTask: scriptTaskBehaviour,
  userTask: userTaskBehaviour,
  exclusiveGateway: exclusiveGatewayBehaviour,
  inclusiveGateway: inclusiveGatewayBehaviour,
  parallelGateway: parallelGatewayBehaviour,
  eventBasedGateway: eventBasedGatewayBehaviour,
};

export function behaviourOf(type: ElementInstanceType): Behaviour {
  return behaviours[type];
}
