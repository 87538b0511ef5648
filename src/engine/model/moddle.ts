// Reading BPMN XML with bpmn-moddle and the Zeebe extension descriptor, and typed access to the
// resulting element tree (moddle elements are plain objects whose properties depend on $type).
import { BpmnModdle, type ParseWarning } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { invalidResource, type Problem } from './problems.js';

export interface ModdleElement {
  readonly $type: string;
  readonly [property: string]: unknown;
}

export function isModdleElement(value: unknown): value is ModdleElement {
  return (
    typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string'
  );
}

export function stringProp(element: ModdleElement, property: string): string | undefined {
  const value = element[property];
  return typeof value === 'string' ? value : undefined;
}

export function booleanProp(element: ModdleElement, property: string): boolean | undefined {
  const value = element[property];
  return typeof value === 'boolean' ? value : undefined;
}

export function elementProp(element: ModdleElement, property: string): ModdleElement | undefined {
  const value = element[property];
  return isModdleElement(value) ? value : undefined;
}

export function elementsProp(element: ModdleElement, property: string): ModdleElement[] {
  const value = element[property];
  return Array.isArray(value) ? value.filter(isModdleElement) : [];
}

/** The children of <bpmn:extensionElements>. */
export function extensionsOf(element: ModdleElement): ModdleElement[] {
  const container = elementProp(element, 'extensionElements');
  return container === undefined ? [] : elementsProp(container, 'values');
}

/** The first extension element of a type, e.g. 'zeebe:TaskDefinition'. */
export function extensionOf(element: ModdleElement, type: string): ModdleElement | undefined {
  return extensionsOf(element).find((e) => e.$type === type);
}

export interface BpmnDocument {
  definitions: ModdleElement;
  /** Content the reader dropped that changes what the model means (unknown BPMN elements, duplicate ids). */
  problems: Problem[];
  /** The id written in a reference attribute (sourceRef, default, errorRef…), resolved or not. */
  referenceId(element: ModdleElement, property: string): string | undefined;
}

const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });

/** Reads BPMN XML; XML that is not well-formed BPMN is rejected at once. */
export async function readBpmn(xml: string, resourceName: string): Promise<BpmnDocument> {
  let result;
  try {
    result = await moddle.fromXML(xml);
  } catch (thrown: unknown) {
    throw invalidResource(resourceName, [{ message: describeReadFailure(thrown) }], thrown);
  }
  if (!isModdleElement(result.rootElement) || result.rootElement.$type !== 'bpmn:Definitions') {
    throw invalidResource(resourceName, [{ message: 'the document root is not <bpmn:definitions>' }]);
  }

  const unresolved = new Map<object, Map<string, string>>();
  const problems: Problem[] = [];
  for (const warning of result.warnings) {
    if (
      isModdleElement(warning.element) &&
      typeof warning.value === 'string' &&
      warning.property !== undefined
    ) {
      const byProperty = unresolved.get(warning.element) ?? new Map<string, string>();
      byProperty.set(localName(warning.property), warning.value);
      unresolved.set(warning.element, byProperty);
      continue;
    }
    const problem = problemFromWarning(warning);
    if (problem !== undefined) problems.push(problem);
  }

  return {
    definitions: result.rootElement,
    problems,
    referenceId(element, property) {
      const target = element[property];
      if (isModdleElement(target)) return stringProp(target, 'id');
      return unresolved.get(element)?.get(property);
    },
  };
}

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

interface UnparsableContent {
  content: string;
  line: number;
  column: number;
  cause: string;
}

// moddle-xml reports "unparsable content <x> detected\n\tline: 3\n\tcolumn: 4\n\tnested error: …"
// with 0-based line and column.
function parseUnparsable(message: string): UnparsableContent | undefined {
  const match =
    /^unparsable content (.*?)\s*detected\s+line: (\d+)\s+column: (\d+)\s+nested error: ([\s\S]*)$/.exec(
      message,
    );
  if (match === null) return undefined;
  const [, content = '', line = '0', column = '0', cause = ''] = match;
  return { content: content.trim(), line: Number(line) + 1, column: Number(column) + 1, cause: cause.trim() };
}

function position(u: UnparsableContent): string {
  return ` at line ${u.line}, column ${u.column}`;
}

function problemFromWarning(warning: ParseWarning): Problem | undefined {
  const u = parseUnparsable(warning.message);
  if (u === undefined) return undefined; // unknown attributes and the like: extension noise
  const duplicate = /^duplicate ID <(.*)>$/.exec(u.cause);
  if (duplicate !== null)
    return { elementId: duplicate[1], message: `the id is used more than once${position(u)}` };
  const unknownType = /^unknown type <([^:>]+):([^>]*)>$/.exec(u.cause);
  // Unknown elements outside the BPMN namespace are extensions or diagram data the engine does not use.
  if (unknownType !== null && unknownType[1] !== 'bpmn') return undefined;
  if (unknownType !== null) return { message: `unknown BPMN element <bpmn:${unknownType[2]}>${position(u)}` };
  if (u.cause.startsWith('unexpected body text')) return undefined;
  return { message: `unparsable content ${u.content}${position(u)}: ${u.cause}` };
}

function describeReadFailure(thrown: unknown): string {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const u = parseUnparsable(message);
  if (u !== undefined) return `malformed XML: ${u.cause}${position(u)}`;
  // A well-formed document of another kind: the reason is in the first warning.
  const warnings = (thrown as { warnings?: unknown }).warnings;
  const first: unknown = Array.isArray(warnings) ? warnings[0] : undefined;
  const firstMessage = (first as { message?: unknown } | undefined)?.message;
  const detail = typeof firstMessage === 'string' ? parseUnparsable(firstMessage) : undefined;
  if (detail !== undefined) return `not a BPMN document: ${detail.cause}${position(detail)}`;
  return `malformed XML: ${message}`;
}
