// What the engine executes: the one place to extend when a BPMN element kind, event definition or
// feature becomes supported.
import { extensionOf, type ModdleElement } from './moddle.js';
import type { ElementType, EventKind } from './types.js';

export interface ElementSpec {
  type: ElementType;
  /** Supported event definitions and the event kind each becomes; an event without one is 'none'. */
  eventDefinitions?: Readonly<Record<string, EventKind>>;
  /** The element has no meaning without an event definition (a boundary event). */
  requiresEventDefinition?: boolean;
  /** Boundary events can be attached to it. */
  activity?: boolean;
}

/** Supported flow elements by BPMN type; sequence flows are handled apart. */
export const SUPPORTED_ELEMENTS: ReadonlyMap<string, ElementSpec> = new Map<string, ElementSpec>([
  ['bpmn:StartEvent', { type: 'startEvent', eventDefinitions: {} }],
  [
    'bpmn:EndEvent',
    {
      type: 'endEvent',
      eventDefinitions: {
        'bpmn:TerminateEventDefinition': 'terminate',
        'bpmn:ErrorEventDefinition': 'error',
      },
    },
  ],
  [
    'bpmn:BoundaryEvent',
    {
      type: 'boundaryEvent',
      eventDefinitions: { 'bpmn:ErrorEventDefinition': 'error' },
      requiresEventDefinition: true,
    },
  ],
  ['bpmn:ServiceTask', { type: 'serviceTask', activity: true }],
  ['bpmn:ScriptTask', { type: 'scriptTask', activity: true }],
  ['bpmn:UserTask', { type: 'userTask', activity: true }],
  ['bpmn:ExclusiveGateway', { type: 'exclusiveGateway' }],
  ['bpmn:ParallelGateway', { type: 'parallelGateway' }],
]);

export const SEQUENCE_FLOW = 'bpmn:SequenceFlow';

/** Flow elements that carry no behaviour: deployed, then ignored (as Zeebe does). */
export const IGNORED_FLOW_ELEMENTS: ReadonlySet<string> = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

/** Features a supported element may carry that the engine cannot honour yet. */
export const UNSUPPORTED_FEATURES: readonly {
  present: (element: ModdleElement) => boolean;
  message: string;
}[] = [
  {
    present: (e) => e['loopCharacteristics'] !== undefined,
    message: 'multi-instance and loop characteristics are not supported yet',
  },
  {
    present: (e) => extensionOf(e, 'zeebe:ExecutionListeners') !== undefined,
    message: 'execution listeners (zeebe:executionListeners) are not supported yet',
  },
  {
    present: (e) => extensionOf(e, 'zeebe:TaskListeners') !== undefined,
    message: 'task listeners (zeebe:taskListeners) are not supported yet',
  },
  {
    present: (e) => e['isForCompensation'] === true,
    message: 'compensation handlers are not supported yet',
  },
];
