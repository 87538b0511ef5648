// Reading the zeebe:* extension elements into the graph's terms.
import { feelSource, feelStringLiteral, isFeel, toExpr } from './expr.js';
import { elementsProp, extensionOf, stringProp, type ModdleElement } from './moddle.js';
import type { Expr, IoMapping, TaskDefinition, UserTaskDefinition } from './types.js';

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

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
