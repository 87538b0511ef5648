// The small part of bpmnlint's rule API that the project rules use. bpmnlint hands rules plain
// moddle elements, so this module only narrows unknown values; it imports nothing from bpmnlint.

export interface Element {
  readonly $type: string;
  readonly id?: string;
  readonly [property: string]: unknown;
}

export interface Reporter {
  report(id: string, message: string): void;
}

export interface RuleDefinition {
  check(node: Element, reporter: Reporter): boolean | void;
}

export type RuleFactory = (config?: unknown) => RuleDefinition;

export function isElement(value: unknown): value is Element {
  return (
    typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string'
  );
}

/** The children of <bpmn:extensionElements>. */
export function extensionsOf(node: Element): Element[] {
  const container = node['extensionElements'];
  if (!isElement(container)) return [];
  const values = container['values'];
  return Array.isArray(values) ? values.filter(isElement) : [];
}

export function stringProp(node: Element, property: string): string | undefined {
  const value = node[property];
  return typeof value === 'string' ? value : undefined;
}

/** A value written as a FEEL expression ("=...") is only known at run time. */
export function isExpression(value: string): boolean {
  return value.trimStart().startsWith('=');
}

/** Reads a string list from a rule's config object, e.g. { jobTypes: [...] }. */
export function stringListOption(config: unknown, key: string, rule: string): ReadonlySet<string> {
  const value =
    typeof config === 'object' && config !== null ? (config as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(
      `rule ${rule} needs the option "${key}" (a list of strings); the lint runner supplies it`,
    );
  }
  return new Set(value);
}
