import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { EngineError } from '../../../src/engine/errors.js';
import { parseBpmn } from '../../../src/engine/model/parse-bpmn.js';
import type { ElementNode, ProcessGraph } from '../../../src/engine/model/types.js';

export const readFixture = (path: string) =>
  readFile(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

/** Parses test/fixtures/bpmn/<name>, which must hold exactly one executable process. */
export async function parseFixture(name: string): Promise<ProcessGraph> {
  const graphs = await parseBpmn(await readFixture(`bpmn/${name}`), name);
  expect(graphs).to.have.length(1);
  return graphs[0] as ProcessGraph;
}

/** The element of a graph, which must exist. */
export function element(graph: ProcessGraph, id: string): ElementNode {
  const node = graph.elements.get(id);
  expect(node, `element '${id}'`).to.exist;
  return node as ElementNode;
}

/** Parses inline BPMN, which must hold exactly one executable process. */
export async function parseInline(xml: string): Promise<ProcessGraph> {
  const graphs = await parseBpmn(xml, 'inline.bpmn');
  expect(graphs).to.have.length(1);
  return graphs[0] as ProcessGraph;
}

/** The EngineError a parse must fail with. */
export async function rejectionOf(parse: Promise<unknown>): Promise<EngineError> {
  try {
    await parse;
  } catch (thrown: unknown) {
    expect(thrown).to.be.instanceOf(EngineError);
    return thrown as EngineError;
  }
  expect.fail('expected the resource to be rejected');
}

export async function rejectionOfFixture(name: string): Promise<EngineError> {
  return rejectionOf(parseBpmn(await readFixture(`bpmn/${name}`), name));
}

/** A minimal Camunda 8.8 BPMN document around a process body (no diagram: the engine ignores it). */
export function bpmnXml(processBody: string, options: { roots?: string; processId?: string } = {}): string {
  const { roots = '', processId = 'inline' } = options;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0"
    id="Definitions_inline" targetNamespace="http://bpmn.io/schema/bpmn"
    modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  ${roots}
  <bpmn:process id="${processId}" isExecutable="true">
    ${processBody}
  </bpmn:process>
</bpmn:definitions>`;
}

/** start -> <element id="task"> -> end around one element, flows written without incoming/outgoing tags. */
export function aroundTask(task: string, options: { roots?: string } = {}): string {
  return bpmnXml(
    `<bpmn:startEvent id="start" />
    ${task}
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="to-task" sourceRef="start" targetRef="task" />
    <bpmn:sequenceFlow id="to-end" sourceRef="task" targetRef="end" />`,
    options,
  );
}

/** Asserts a rejection naming one element with a readable message. */
export function expectProblem(
  error: EngineError,
  resourceName: string,
  elementId: string,
  message: RegExp,
): void {
  expect(error.code).to.equal('INVALID_ARGUMENT');
  const detail = error.details.find((d) => d.elementId === elementId);
  expect(detail, `a detail for element '${elementId}' in ${JSON.stringify(error.details)}`).to.exist;
  expect(detail?.resourceName).to.equal(resourceName);
  expect(detail?.message).to.match(message);
  expect(error.message).to.include(`Invalid BPMN resource '${resourceName}'`);
  expect(error.message).to.include(`element '${elementId}': ${detail?.message}`);
}

/** test/fixtures/bpmn/invalid/<name> must be rejected with a problem about `elementId`. */
export async function expectFixtureRejected(
  name: string,
  elementId: string,
  message: RegExp,
): Promise<EngineError> {
  const error = await rejectionOfFixture(`invalid/${name}`);
  expectProblem(error, `invalid/${name}`, elementId, message);
  return error;
}

export async function expectInlineRejected(
  xml: string,
  elementId: string,
  message: RegExp,
): Promise<EngineError> {
  const error = await rejectionOf(parseBpmn(xml, 'inline.bpmn'));
  expectProblem(error, 'inline.bpmn', elementId, message);
  return error;
}

/** A service task with a job type; `extra` goes inside its extension elements. */
export const serviceTask = (id: string, extra = '') =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="work" />${extra}</bpmn:extensionElements></bpmn:serviceTask>`;
