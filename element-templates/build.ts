// Builds the Camunda 8 element templates (one per job type) from the worker specs: the
// job type becomes the hidden zeebe:taskDefinition type, each header the worker declares
// (workers/lib/headers.ts, the declaration the model lint checks against) a dropdown of
// zeebe:taskHeader values, and each variable the worker reads a zeebe:input hint.
import prettier from 'prettier';
import { z } from 'zod';
import type { DefinedWorker } from '../workers/lib/define-worker.js';
import { TEMPLATE_LABELS, variableLabel } from './labels.js';

export const TEMPLATE_SCHEMA =
  'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';

export interface TemplateProperty {
  id?: string;
  label?: string;
  description?: string;
  type: 'Hidden' | 'Dropdown' | 'String';
  value?: string;
  group?: string;
  feel?: 'optional' | 'required';
  optional?: boolean;
  choices?: { name: string; value: string }[];
  constraints?: { notEmpty: boolean };
  condition?: { property: string; oneOf: string[] };
  binding:
    | { type: 'zeebe:taskDefinition'; property: 'type' }
    | { type: 'zeebe:taskHeader'; key: string }
    | { type: 'zeebe:input'; name: string };
}

export interface ElementTemplate {
  $schema: string;
  name: string;
  id: string;
  description: string;
  version: number;
  category: { id: string; name: string };
  appliesTo: ['bpmn:Task'];
  elementType: { value: 'bpmn:ServiceTask' };
  groups: { id: string; label: string }[];
  properties: TemplateProperty[];
}

/** Template versions: raise one when a template changes in a way Modeler should offer as an update. */
export const TEMPLATE_VERSION = 1;

type AnyWorker = DefinedWorker<z.ZodObject, z.ZodObject>;

/** A variable the worker may do without (optional or defaulted in its zod schema). */
function isOptional(field: unknown): boolean {
  return field instanceof z.ZodOptional || field instanceof z.ZodDefault;
}

/** The header keys of a worker and their allowed values, from the worker's header declaration. */
export function headerEnums(worker: AnyWorker): Map<string, { values: string[]; fallback?: string }> {
  return new Map(
    worker.headers.map(({ key, values, defaultValue }) => [
      key,
      defaultValue === undefined ? { values: [...values] } : { values: [...values], fallback: defaultValue },
    ]),
  );
}

function headerId(key: string): string {
  return `header-${key}`;
}

export function buildTemplate(worker: AnyWorker): ElementTemplate {
  const labels = TEMPLATE_LABELS[worker.jobType];
  if (labels === undefined) throw new Error(`element-templates/labels.ts has no entry for ${worker.jobType}`);
  const properties: TemplateProperty[] = [
    { type: 'Hidden', value: worker.jobType, binding: { type: 'zeebe:taskDefinition', property: 'type' } },
  ];
  for (const [key, { values, fallback }] of headerEnums(worker)) {
    const headerLabels = labels.headers?.[key];
    const shownWhen = headerLabels?.shownWhen;
    properties.push({
      id: headerId(key),
      label: headerLabels?.label ?? key,
      ...(headerLabels?.description === undefined ? {} : { description: headerLabels.description }),
      type: 'Dropdown',
      value: fallback ?? values[0] ?? '',
      group: 'headers',
      choices: values.map((value) => ({ name: headerLabels?.choices?.[value] ?? value, value })),
      ...(shownWhen === undefined
        ? {}
        : { condition: { property: headerId(shownWhen.header), oneOf: [...shownWhen.oneOf] } }),
      binding: { type: 'zeebe:taskHeader', key },
    });
  }
  for (const [name, field] of Object.entries(worker.spec.variables.shape)) {
    const optional = isOptional(field);
    properties.push({
      label: name,
      description: `${variableLabel(name)}（作业读取的流程变量；默认原样传入）`,
      type: 'String',
      value: `=${name}`,
      group: 'inputs',
      feel: 'required',
      ...(optional ? { optional: true } : { constraints: { notEmpty: true } }),
      binding: { type: 'zeebe:input', name },
    });
  }
  return {
    $schema: TEMPLATE_SCHEMA,
    name: labels.name,
    id: `xinfang.${worker.jobType}`,
    description: labels.description,
    version: TEMPLATE_VERSION,
    category: { id: 'xinfang', name: '信访流程' },
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups: [
      { id: 'headers', label: '任务头' },
      { id: 'inputs', label: '输入变量' },
    ],
    properties,
  };
}

export function isDefinedWorker(worker: { jobType: string }): worker is AnyWorker {
  return 'spec' in worker;
}

/** File name → template JSON text (formatted as the repository's Prettier config says), for every worker. */
export async function renderTemplates(workers: readonly { jobType: string }[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const worker of workers) {
    if (!isDefinedWorker(worker)) throw new Error(`${worker.jobType} is not a defineWorker() worker`);
    const name = `${worker.jobType}.json`;
    const filepath = new URL(name, import.meta.url).pathname;
    const options = (await prettier.resolveConfig(filepath)) ?? {};
    files.set(name, await prettier.format(JSON.stringify(buildTemplate(worker)), { ...options, filepath }));
  }
  return files;
}
