// Lints BPMN models with bpmnlint: the rule sets in config.ts plus the project rules in rules/.
// bpmnlint is CommonJS; it is loaded with createRequire so its resolver finds the plugins from
// this project wherever the process was started.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { lintConfig, type LintConfig, type ProjectFacts } from './config.js';
import { PLUGIN_PACKAGE, PROJECT_RULES } from './rules/index.js';
import type { HeaderCheck } from './rules/task-headers.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type LintCategory = 'error' | 'warn' | 'info' | 'rule-error';

export interface LintReport {
  /** The file as given (relative to the working directory when it lies below it). */
  file: string;
  /** The offending element's id ('' when the problem is the whole file). */
  elementId: string;
  /** "no-disconnected", "camunda-compat/timer", "xinfang/job-worker"… */
  rule: string;
  message: string;
  category: LintCategory;
}

interface BpmnlintReport {
  id?: string;
  message: string;
  category: string;
}

interface BpmnlintResolver {
  resolveRule(pkg: string, ruleName: string): unknown;
  resolveConfig(pkg: string, configName: string): unknown;
}

interface BpmnlintModule {
  Linter: new (options: { config: LintConfig; resolver: BpmnlintResolver }) => {
    lint(definitions: unknown): Promise<Record<string, BpmnlintReport[]>>;
  };
}

type NodeResolverClass = new (options: { require: NodeJS.Require }) => BpmnlintResolver;

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint') as BpmnlintModule;
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as NodeResolverClass;

/** npm packages through Node's resolution; the local "xinfang" plugin from rules/. */
function projectResolver(): BpmnlintResolver {
  const node = new NodeResolver({ require });
  return {
    resolveRule(pkg, ruleName) {
      if (pkg !== PLUGIN_PACKAGE) return node.resolveRule(pkg, ruleName);
      const rule = PROJECT_RULES[ruleName];
      if (rule === undefined) throw new Error(`cannot resolve rule <${ruleName}> from <${pkg}>`);
      return rule;
    },
    resolveConfig(pkg, configName) {
      if (pkg === PLUGIN_PACKAGE) throw new Error(`the local plugin has no config <${configName}>`);
      return node.resolveConfig(pkg, configName);
    },
  };
}

/** The ids of the forms in a directory of Camunda .form files. */
export async function formIdsIn(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.form')).sort();
  const ids: string[] = [];
  for (const name of names) {
    const parsed = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as { id?: unknown };
    if (typeof parsed.id === 'string') ids.push(parsed.id);
  }
  return ids;
}

/** The job types of WORKERS (workers/index.ts). */
export async function workerJobTypes(): Promise<string[]> {
  const { WORKERS } = await import('../workers/index.js');
  return WORKERS.map((worker) => worker.jobType);
}

/** Per job type of WORKERS, the worker's check of a task's headers (defineWorker workers). */
export async function workerHeaderChecks(): Promise<Record<string, HeaderCheck>> {
  const { WORKERS } = await import('../workers/index.js');
  const checks: Record<string, HeaderCheck> = {};
  for (const worker of WORKERS) {
    if ('checkHeaders' in worker && typeof worker.checkHeaders === 'function') {
      checks[worker.jobType] = worker.checkHeaders as HeaderCheck;
    }
  }
  return checks;
}

/** The project's facts: every worker's job type and header check, and every form in forms/. */
export async function projectFacts(formsDir = path.join(ROOT, 'forms')): Promise<ProjectFacts> {
  const [jobTypes, headerChecks, formIds] = await Promise.all([
    workerJobTypes(),
    workerHeaderChecks(),
    formIdsIn(formsDir),
  ]);
  return { jobTypes, formIds, headerChecks };
}

/** The .bpmn files of a directory, sorted. */
export async function modelsIn(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.bpmn')).sort();
  return names.map((name) => path.join(dir, name));
}

function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function categoryOf(value: string): LintCategory {
  return value === 'error' || value === 'warn' || value === 'info' ? value : 'rule-error';
}

const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });

export interface LintOptions {
  /** Defaults to projectFacts(): WORKERS and forms/. */
  facts?: ProjectFacts;
}

/** Lints each file; returns every report (errors, warnings, and files that cannot be read). */
export async function lintModels(files: readonly string[], options: LintOptions = {}): Promise<LintReport[]> {
  const facts = options.facts ?? (await projectFacts());
  const config = lintConfig(facts);
  const resolver = projectResolver();
  const reports: LintReport[] = [];
  for (const file of files) {
    const name = displayName(file);
    let xml: string;
    try {
      xml = await readFile(file, 'utf8');
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      reports.push({ file: name, elementId: '', rule: 'parse', message, category: 'error' });
      continue;
    }
    reports.push(...(await lintXml(name, xml, config, resolver)));
  }
  return reports;
}

/** Lints one model given as XML text (a model uploaded to the app); `name` labels its reports. */
export async function lintModelXml(
  name: string,
  xml: string,
  options: LintOptions = {},
): Promise<LintReport[]> {
  const facts = options.facts ?? (await projectFacts());
  return lintXml(name, xml, lintConfig(facts), projectResolver());
}

async function lintXml(
  name: string,
  xml: string,
  config: LintConfig,
  resolver: BpmnlintResolver,
): Promise<LintReport[]> {
  let definitions: unknown;
  try {
    ({ rootElement: definitions } = await moddle.fromXML(xml));
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    return [{ file: name, elementId: '', rule: 'parse', message, category: 'error' }];
  }
  // A linter per file: some rules keep state between elements, and a linter keeps its rules.
  const results = await new Linter({ config, resolver }).lint(definitions);
  const reports: LintReport[] = [];
  for (const [rule, ruleReports] of Object.entries(results)) {
    for (const report of ruleReports) {
      reports.push({
        file: name,
        elementId: report.id ?? '',
        rule,
        message: report.message,
        category: categoryOf(report.category),
      });
    }
  }
  return reports;
}

/** Errors and rule failures block a deployment; warnings do not. */
export function hasErrors(reports: readonly LintReport[]): boolean {
  return reports.some((report) => report.category === 'error' || report.category === 'rule-error');
}

const LABEL: Record<LintCategory, string> = {
  error: 'error',
  warn: 'warning',
  info: 'info',
  'rule-error': 'rule failed',
};

/** A readable report: per file, one line per problem with the element and the rule. */
export function formatReport(reports: readonly LintReport[], fileCount?: number): string {
  const lines: string[] = [];
  const byFile = new Map<string, LintReport[]>();
  for (const report of reports) byFile.set(report.file, [...(byFile.get(report.file) ?? []), report]);
  for (const [file, fileReports] of byFile) {
    lines.push(file);
    const width = Math.max(...fileReports.map((report) => report.elementId.length), 1);
    for (const report of fileReports) {
      lines.push(
        `  ${(report.elementId || '-').padEnd(width)}  ${LABEL[report.category].padEnd(11)}  ${report.message}  (${report.rule})`,
      );
    }
    lines.push('');
  }
  const errors = reports.filter((r) => r.category === 'error' || r.category === 'rule-error').length;
  const warnings = reports.filter((r) => r.category === 'warn').length;
  const checked = fileCount === undefined ? '' : `${fileCount} model(s) checked, `;
  lines.push(`${checked}${errors} error(s), ${warnings} warning(s)`);
  return lines.join('\n');
}
