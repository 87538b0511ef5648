// Reading the zeebe:* extension elements into the graph's terms.
import { feelSource, feelStringLiteral, isFeel, nonEmpty, toExpr } from './expr.js';
import {
  booleanProp,
  elementProp,
  elementsProp,
  extensionOf,
  stringProp,
  type ModdleElement,
} from './moddle.js';
import type {
  CalledElementDefinition,
  Expr,
  IoMapping,
  MultiInstanceDefinition,
  TaskDefinition,
  UserTaskDefinition,
} from './types.js';

export const DEFAULT_JOB_RETRIES = '3';

export function readTaskDefinition(element: ModdleElement): TaskDefinition | undefined {
  const definition = extensionOf(element, 'zeebe:TaskDefinition');
  if (definition === undefined) return undefined;
  return {
    type: toExpr(stringProp(definition, 'type') ?? ''),
    retries: toExpr(nonEmpty(stringProp(definition, 'retries')) ?? DEFAULT_JOB_RETRIES),
  };
}

export function readTaskHeaders(element: ModdleElement): Record<string, string> {
  const headers: Record<string, string> = {};
  const container = extensionOf(element, 'zeebe:TaskHeaders');
  if (container === undefined) return headers;
  for (const header of elementsProp(container, 'values')) {
    const key = stringProp(header, 'key');
    if (key !== undefined && key !== '') headers[key] = stringProp(header, 'value') ?? '';
  }
  return headers;
}

export interface IoMappings {
  inputMappings: IoMapping[];
  outputMappings: IoMapping[];
}

export function readIoMappings(element: ModdleElement): IoMappings {
  const container = extensionOf(element, 'zeebe:IoMapping');
  if (container === undefined) return { inputMappings: [], outputMappings: [] };
  return {
    inputMappings: elementsProp(container, 'inputParameters').map(toIoMapping),
    outputMappings: elementsProp(container, 'outputParameters').map(toIoMapping),
  };
}

// A static source is a string value and a missing one is null, as in Zeebe; the graph keeps FEEL only.
function toIoMapping(parameter: ModdleElement): IoMapping {
  const source = stringProp(parameter, 'source')?.trim() ?? '';
  const target = stringProp(parameter, 'target')?.trim() ?? '';
  if (source === '') return { source: 'null', target };
  return { source: isFeel(source) ? feelSource(source) : feelStringLiteral(source), target };
}

/** A Camunda user task's definition; undefined when the element lacks <zeebe:userTask/>. */
export function readUserTask(element: ModdleElement): UserTaskDefinition | undefined {
  if (extensionOf(element, 'zeebe:UserTask') === undefined) return undefined;
  const definition: UserTaskDefinition = {};
  const assignment = extensionOf(element, 'zeebe:AssignmentDefinition');
  const schedule = extensionOf(element, 'zeebe:TaskSchedule');
  const priority = extensionOf(element, 'zeebe:PriorityDefinition');
  const form = extensionOf(element, 'zeebe:FormDefinition');
  setExpr(definition, 'assignee', assignment, 'assignee');
  setExpr(definition, 'candidateGroups', assignment, 'candidateGroups');
  setExpr(definition, 'candidateUsers', assignment, 'candidateUsers');
  setExpr(definition, 'dueDate', schedule, 'dueDate');
  setExpr(definition, 'followUpDate', schedule, 'followUpDate');
  setExpr(definition, 'priority', priority, 'priority');
  const formId = form && nonEmpty(stringProp(form, 'formId'));
  if (formId !== undefined) definition.formId = formId;
  const externalReference = form && nonEmpty(stringProp(form, 'externalReference'));
  if (externalReference !== undefined) definition.externalFormReference = externalReference;
  return definition;
}

type ExprField = {
  [K in keyof UserTaskDefinition]-?: UserTaskDefinition[K] extends Expr | undefined ? K : never;
}[keyof UserTaskDefinition];

function setExpr(
  target: UserTaskDefinition,
  field: ExprField,
  from: ModdleElement | undefined,
  attribute: string,
): void {
  const value = from && nonEmpty(stringProp(from, attribute));
  if (value !== undefined) target[field] = toExpr(value);
}

/** A script task's FEEL script; undefined unless both a "=" expression and a result variable are set. */
export function readScript(
  element: ModdleElement,
): { expression: string; resultVariable: string } | undefined {
  const script = extensionOf(element, 'zeebe:Script');
  if (script === undefined) return undefined;
  const expression = nonEmpty(stringProp(script, 'expression'));
  const resultVariable = nonEmpty(stringProp(script, 'resultVariable'));
  if (expression === undefined || !isFeel(expression) || resultVariable === undefined) return undefined;
  return { expression: feelSource(expression), resultVariable };
}

/**
 * A call activity's zeebe:calledElement; undefined without one or without a processId. Both
 * propagation flags default to true, as in Zeebe.
 */
export function readCalledElement(element: ModdleElement): CalledElementDefinition | undefined {
  const calledElement = extensionOf(element, 'zeebe:CalledElement');
  const processId = calledElement && nonEmpty(stringProp(calledElement, 'processId'));
  if (calledElement === undefined || processId === undefined) return undefined;
  return {
    processId: toExpr(processId),
    propagateAllChildVariables: booleanProp(calledElement, 'propagateAllChildVariables') ?? true,
    propagateAllParentVariables: booleanProp(calledElement, 'propagateAllParentVariables') ?? true,
  };
}

/** The zeebe:loopCharacteristics attributes of a bpmn:multiInstanceLoopCharacteristics, as written. */
export interface LoopCharacteristicsText {
  inputCollection?: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  completionCondition?: string;
}

export function loopCharacteristicsText(loop: ModdleElement): LoopCharacteristicsText {
  const text: LoopCharacteristicsText = {};
  const zeebe = extensionOf(loop, 'zeebe:LoopCharacteristics');
  for (const attribute of ['inputCollection', 'inputElement', 'outputCollection', 'outputElement'] as const) {
    const value = zeebe && nonEmpty(stringProp(zeebe, attribute));
    if (value !== undefined) text[attribute] = value;
  }
  const condition = elementProp(loop, 'completionCondition');
  const completionCondition = condition && nonEmpty(stringProp(condition, 'body'));
  if (completionCondition !== undefined) text.completionCondition = completionCondition;
  return text;
}

/**
 * The multi-instance definition of an activity with bpmn:multiInstanceLoopCharacteristics;
 * undefined without one, or without an inputCollection. FEEL sources are kept without the "=".
 */
export function readMultiInstance(element: ModdleElement): MultiInstanceDefinition | undefined {
  const loop = elementProp(element, 'loopCharacteristics');
  if (loop === undefined || loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') return undefined;
  const text = loopCharacteristicsText(loop);
  if (text.inputCollection === undefined) return undefined;
  const definition: MultiInstanceDefinition = {
    sequential: booleanProp(loop, 'isSequential') ?? false,
    inputCollection: feelSource(text.inputCollection),
  };
  if (text.inputElement !== undefined) definition.inputElement = text.inputElement;
  if (text.outputCollection !== undefined) definition.outputCollection = text.outputCollection;
  if (text.outputElement !== undefined) definition.outputElement = feelSource(text.outputElement);
  if (text.completionCondition !== undefined) {
    definition.completionCondition = feelSource(text.completionCondition);
  }
  return definition;
}
