import { expect } from 'chai';
import { parseBpmn } from '../../../src/engine/model/parse-bpmn.js';
import type { ProcessGraph } from '../../../src/engine/model/types.js';
import { aroundTask, bpmnXml, element, parseFixture } from './support.js';

describe('parseBpmn', () => {
  describe('service-tasks.bpmn', () => {
    let graph: ProcessGraph;
    before(async () => {
      graph = await parseFixture('service-tasks.bpmn');
    });

    it('names the process and its none start event', () => {
      expect(graph.bpmnProcessId).to.equal('service-tasks');
      expect(graph.name).to.equal('Service tasks');
      expect(graph.noneStartEventId).to.equal('start');
      expect(element(graph, 'start')).to.include({ type: 'startEvent', eventKind: 'none' });
    });

    it('holds the process itself as an element without a flow scope', () => {
      expect(element(graph, 'service-tasks')).to.include({ type: 'process', flowScopeId: '' });
    });

    it('puts every flow node in the flow scope of the process', () => {
      const nodes = [...graph.elements.values()].filter((n) => n.type !== 'process');
      expect(nodes.map((n) => n.id)).to.have.members(['start', 'a', 'check', 'b', 'd', 'c', 'merge', 'end']);
      for (const node of nodes) expect(node.flowScopeId, node.id).to.equal('service-tasks');
    });

    it('maps the job type and retries of zeebe:taskDefinition', () => {
      const a = element(graph, 'a');
      expect(a).to.include({ type: 'serviceTask', name: 'Assess petition' });
      expect(a.taskDefinition).to.deep.equal({
        type: { kind: 'static', value: 'task-a' },
        retries: { kind: 'static', value: '5' },
      });
    });

    it('defaults retries to "3" and reads FEEL job types and retries', () => {
      expect(element(graph, 'b').taskDefinition?.retries).to.deep.equal({ kind: 'static', value: '3' });
      expect(element(graph, 'd').taskDefinition?.retries).to.deep.equal({
        kind: 'feel',
        source: 'retriesForD',
      });
      expect(element(graph, 'c').taskDefinition?.type).to.deep.equal({ kind: 'feel', source: 'taskCType' });
    });

    it('maps input and output mappings, a static source becoming a FEEL string', () => {
      const a = element(graph, 'a');
      expect(a.inputMappings).to.deep.equal([
        { source: 'petition.id', target: 'petitionId' },
        { source: 'amount * 2', target: 'doubled' },
        { source: '"county"', target: 'scope' },
      ]);
      expect(a.outputMappings).to.deep.equal([
        { source: 'result.score', target: 'score' },
        { source: 'result', target: 'assessment.details' },
      ]);
      expect(element(graph, 'b').inputMappings).to.deep.equal([]);
    });

    it('maps task headers to a record', () => {
      expect(element(graph, 'a').taskHeaders).to.deep.equal({ channel: 'letter', office: 'county' });
      expect(element(graph, 'b').taskHeaders).to.deep.equal({});
    });

    it("maps the exclusive gateway's default flow and conditions without the '='", () => {
      const check = element(graph, 'check');
      expect(check).to.include({ type: 'exclusiveGateway', defaultFlowId: 'to-c' });
      expect(check.incoming).to.deep.equal(['to-check']);
      expect(check.outgoing).to.deep.equal(['to-b', 'to-d', 'to-c']);
      expect(graph.flows.get('to-b')).to.deep.equal({
        id: 'to-b',
        sourceId: 'check',
        targetId: 'b',
        condition: 'score >= 80',
      });
      expect(graph.flows.get('to-d')?.condition).to.equal('score >= 50 and score < 80');
      expect(graph.flows.get('to-c')).to.deep.equal({ id: 'to-c', sourceId: 'check', targetId: 'c' });
    });

    it('fills incoming and outgoing of every element from the sequence flows', () => {
      expect(graph.flows.size).to.equal(9);
      expect(element(graph, 'merge').incoming).to.deep.equal(['b-to-merge', 'd-to-merge', 'c-to-merge']);
      expect(element(graph, 'merge').outgoing).to.deep.equal(['to-end']);
      expect(element(graph, 'start').incoming).to.deep.equal([]);
      expect(element(graph, 'end')).to.include({ type: 'endEvent', eventKind: 'none' });
      expect(element(graph, 'end').outgoing).to.deep.equal([]);
    });
  });

  it('maps a parallel fork and join around an inner exclusive split and merge', async () => {
    const graph = await parseFixture('parallel-with-inner-xor.bpmn');
    expect(element(graph, 'fork')).to.include({ type: 'parallelGateway' });
    expect(element(graph, 'fork').outgoing).to.deep.equal(['fork-to-left', 'fork-to-choose']);
    expect(element(graph, 'join').incoming).to.deep.equal(['merge-to-join', 'left-to-join']);
    expect(element(graph, 'choose')).to.include({ type: 'exclusiveGateway', defaultFlowId: 'to-y' });
    expect(graph.flows.get('to-x')?.condition).to.equal('route = "x"');
    expect(element(graph, 'choose-merge').incoming).to.deep.equal(['x-to-merge', 'y-to-merge']);
  });

  it('maps an error boundary event with its error code and links it to its host', async () => {
    const graph = await parseFixture('error-boundary.bpmn');
    expect(element(graph, 'not-accepted')).to.deep.include({
      type: 'boundaryEvent',
      eventKind: 'error',
      errorCode: 'NOT_ACCEPTED',
      attachedToId: 'review',
      cancelActivity: true,
      incoming: [],
      outgoing: ['to-rejected'],
    });
    expect(element(graph, 'review').boundaryEventIds).to.deep.equal(['not-accepted']);
    expect(element(graph, 'notify').boundaryEventIds).to.deep.equal([]);
  });

  it('maps an error boundary event without errorRef as a catch-all', async () => {
    const graph = await parseFixture('error-boundary-catch-all.bpmn');
    const boundary = element(graph, 'any-error');
    expect(boundary).to.include({ eventKind: 'error', attachedToId: 'work' });
    expect(boundary.errorCode).to.equal(undefined);
  });

  it('maps an error boundary event whose error has no errorCode as a catch-all', async () => {
    const [graph] = await parseBpmn(
      aroundTask(
        `<bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="t" /></bpmn:extensionElements></bpmn:serviceTask>
        <bpmn:boundaryEvent id="catch" attachedToRef="task"><bpmn:errorEventDefinition errorRef="Error_NoCode" /></bpmn:boundaryEvent>`,
        { roots: '<bpmn:error id="Error_NoCode" name="No code" />' },
      ),
      'catch-all.bpmn',
    );
    const boundary = element(graph as ProcessGraph, 'catch');
    expect(boundary.eventKind).to.equal('error');
    expect(boundary.errorCode).to.equal(undefined);
  });

  it('maps a Camunda user task: form, assignment, schedule and priority', async () => {
    const graph = await parseFixture('user-task.bpmn');
    const approve = element(graph, 'approve');
    expect(approve).to.include({ type: 'userTask', name: 'Approve petition' });
    expect(approve.userTask).to.deep.equal({
      formId: 'approval-form',
      assignee: { kind: 'feel', source: 'owner' },
      candidateGroups: { kind: 'static', value: 'office, unit' },
      dueDate: { kind: 'feel', source: 'dueAt' },
      priority: { kind: 'static', value: '60' },
    });
    expect(approve.inputMappings).to.deep.equal([{ source: 'petition.title', target: 'title' }]);
    expect(approve.outputMappings).to.deep.equal([{ source: 'approved', target: 'approved' }]);
    expect(approve.taskDefinition).to.equal(undefined);
  });

  it('maps candidate users, the follow-up date and an external form reference', async () => {
    const [graph] = await parseBpmn(
      aroundTask(`<bpmn:userTask id="task"><bpmn:extensionElements>
          <zeebe:userTask />
          <zeebe:formDefinition externalReference="=formUrl" />
          <zeebe:assignmentDefinition candidateUsers="=[&quot;li&quot;, &quot;wang&quot;]" />
          <zeebe:taskSchedule followUpDate="2026-01-05T09:00:00Z" />
        </bpmn:extensionElements></bpmn:userTask>`),
      'user-task-extra.bpmn',
    );
    expect(element(graph as ProcessGraph, 'task').userTask).to.deep.equal({
      externalFormReference: '=formUrl',
      candidateUsers: { kind: 'feel', source: '["li", "wang"]' },
      followUpDate: { kind: 'static', value: '2026-01-05T09:00:00Z' },
    });
  });

  it('maps a script task to its expression without the "=" and its result variable', async () => {
    const graph = await parseFixture('script-task.bpmn');
    expect(element(graph, 'compute')).to.deep.include({
      type: 'scriptTask',
      script: { expression: 'a + b', resultVariable: 'total' },
    });
  });

  it('maps a terminate end event', async () => {
    const graph = await parseFixture('terminate-end.bpmn');
    expect(element(graph, 'terminate')).to.include({ type: 'endEvent', eventKind: 'terminate' });
    expect(element(graph, 'normal-end')).to.include({ type: 'endEvent', eventKind: 'none' });
  });

  it('maps an error end event with the code of its error', async () => {
    const graph = await parseFixture('error-end.bpmn');
    expect(element(graph, 'reject')).to.include({
      type: 'endEvent',
      eventKind: 'error',
      errorCode: 'REJECTED',
    });
  });

  it('accepts an activity without outgoing flows (an implicit end)', async () => {
    const graph = await parseFixture('implicit-end.bpmn');
    expect(element(graph, 'first').outgoing).to.deep.equal([]);
    expect(element(graph, 'second').outgoing).to.deep.equal([]);
  });

  it('takes incoming and outgoing from the sequence flows, not from <bpmn:incoming>/<bpmn:outgoing>', async () => {
    const [graph] = await parseBpmn(
      bpmnXml(`<bpmn:startEvent id="start"><bpmn:outgoing>stale</bpmn:outgoing></bpmn:startEvent>
        <bpmn:endEvent id="end" />
        <bpmn:sequenceFlow id="go" sourceRef="start" targetRef="end" />`),
      'tags.bpmn',
    );
    expect(element(graph as ProcessGraph, 'start').outgoing).to.deep.equal(['go']);
    expect(element(graph as ProcessGraph, 'end').incoming).to.deep.equal(['go']);
  });

  it('returns one graph per executable process, skipping non-executable ones', async () => {
    const process = (id: string, executable: boolean) => `
      <bpmn:process id="${id}" isExecutable="${executable}">
        <bpmn:startEvent id="${id}-start" />
      </bpmn:process>`;
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_1"
          targetNamespace="http://bpmn.io/schema/bpmn">
        ${process('first', true)}${process('documentation-only', false)}${process('second', true)}
      </bpmn:definitions>`;
    const graphs = await parseBpmn(xml, 'many.bpmn');
    expect(graphs.map((g) => g.bpmnProcessId)).to.deep.equal(['first', 'second']);
    expect(graphs.map((g) => g.noneStartEventId)).to.deep.equal(['first-start', 'second-start']);
    expect(element(graphs[1] as ProcessGraph, 'second-start').flowScopeId).to.equal('second');
  });

  it('ignores unknown attributes, unknown extension elements and diagram data', async () => {
    const [graph] = await parseBpmn(
      aroundTask(
        `<bpmn:serviceTask id="task" custom:flag="yes" xmlns:custom="http://example.com/custom">
          <bpmn:extensionElements>
            <zeebe:taskDefinition type="t" />
            <zeebe:someFutureExtension value="1" />
            <custom:note>kept out of the engine</custom:note>
          </bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:dataObjectReference id="doc-ref" dataObjectRef="doc" />
        <bpmn:dataObject id="doc" />`,
      ),
      'noise.bpmn',
    );
    expect(element(graph as ProcessGraph, 'task').taskDefinition?.type).to.deep.equal({
      kind: 'static',
      value: 't',
    });
    expect((graph as ProcessGraph).elements.has('doc-ref')).to.equal(false);
  });
});
