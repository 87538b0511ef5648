// Checks an uploaded model before anything is deployed: BPMN with the project's model lint (what
// Camunda 8.8 runs, bpmnlint's rules, and the project rules: every job type has a worker, every
// form exists, timers are valid, task headers fit their worker), a form for the shape a form
// needs. Forms deployed through the app count as existing, beside those in forms/.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { hasErrors, lintModelXml, projectFacts, ROOT, type LintReport } from '../../../lint/run.js';
import type { ProjectFacts } from '../../../lint/config.js';
import type { ApiDeps } from '../api/deps.js';
import { appDeployments } from './deployments.js';
import type { ModelResource } from './model-body.js';

export interface LintItem {
  /** The offending element's id ('' for the whole file). */
  elementId: string;
  /** "no-disconnected", "camunda-compat/timer", "xinfang/job-worker" … */
  rule: string;
  message: string;
  category: LintReport['category'];
}

export interface LintResult {
  fileName: string;
  kind: ModelResource['kind'];
  /** True when nothing blocks a deployment (warnings do not). */
  ok: boolean;
  errorCount: number;
  warningCount: number;
  items: LintItem[];
}

export const FORMS_DIR = path.join(ROOT, 'forms');

/** The forms in forms/ by file name and id. */
export async function repositoryForms(): Promise<{ fileName: string; formId: string }[]> {
  const names = (await readdir(FORMS_DIR)).filter((name) => name.endsWith('.form')).sort();
  const forms: { fileName: string; formId: string }[] = [];
  for (const fileName of names) {
    try {
      const parsed = JSON.parse(await readFile(path.join(FORMS_DIR, fileName), 'utf8')) as { id?: unknown };
      if (typeof parsed.id === 'string') forms.push({ fileName, formId: parsed.id });
    } catch {
      // A broken file in forms/ is the model lint's business (npm run lint:models), not this list's.
    }
  }
  return forms;
}

let baseFacts: Promise<ProjectFacts> | undefined;

/** The workers are fixed for the life of the process; forms/ and the app's deployments are read each time. */
async function facts(deps: ApiDeps): Promise<ProjectFacts> {
  baseFacts ??= projectFacts(FORMS_DIR);
  const base = await baseFacts.catch((error: unknown) => {
    baseFacts = undefined;
    throw error;
  });
  const deployed = (await appDeployments(deps)).flatMap((deployment) =>
    deployment.forms.map((f) => f.formId),
  );
  const forms = (await repositoryForms()).map((form) => form.formId);
  return { ...base, formIds: [...new Set([...forms, ...deployed])] };
}

function formReport(content: string): LintItem[] {
  const problem = (message: string, elementId = ''): LintItem[] => [
    { elementId, rule: 'form-schema', message, category: 'error' },
  ];
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return problem('表单文件不是有效的 JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return problem('表单应为 JSON 对象');
  const form = parsed as { id?: unknown; components?: unknown; type?: unknown };
  if (typeof form.id !== 'string' || !/^[A-Za-z_][\w.-]{0,254}$/.test(form.id)) {
    return problem('表单缺少有效的 id（字母开头，可含数字、-、_、.），流程模型以它引用表单');
  }
  if (!Array.isArray(form.components)) return problem('表单缺少 components 列表', form.id);
  if (form.type !== undefined && form.type !== 'default')
    return problem('表单的 type 应为 "default"', form.id);
  return [];
}

export async function lintResource(deps: ApiDeps, resource: ModelResource): Promise<LintResult> {
  const items: LintItem[] =
    resource.kind === 'form'
      ? formReport(resource.content)
      : (await lintModelXml(resource.fileName, resource.content, { facts: await facts(deps) })).map(
          ({ elementId, rule, message, category }) => ({ elementId, rule, message, category }),
        );
  const errorCount = items.filter(
    (item) => item.category === 'error' || item.category === 'rule-error',
  ).length;
  return {
    fileName: resource.fileName,
    kind: resource.kind,
    ok: !hasErrors(items.map((item) => ({ ...item, file: resource.fileName }))),
    errorCount,
    warningCount: items.filter((item) => item.category === 'warn').length,
    items,
  };
}
