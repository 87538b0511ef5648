import { expect } from 'chai';
import { parseBpmn } from '../../../src/engine/model/parse-bpmn.js';
import type { ProcessGraph } from '../../../src/engine/model/types.js';
import { bpmnXml, element, parseFixture, parseInline } from './support.js';

const withJob = (tag: string, id: string, inner = '') =>
  `<bpmn:${tag} id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="t" /></bpmn:extensionElements>${inner}</bpmn:${tag}>`;

describe('parseBpmn: scopes', () => {
  describe('subprocess.bpmn', () => {
    let graph: ProcessGraph;
    before(async () => {
      graph = await parseFixture('subprocess.bpmn');
    });

    it('maps an embedded sub-process in the flow scope of the process, with its input mappings', () => {
      expect(element(graph, 'handling')).to.deep.include({
        type: 'subProcess',
        flowScopeId: 'subprocess',
        noneStartEventId: 'handling-start',
        eventSubProcessIds: [],
        incoming: ['to-handling'],
        outgoing: ['to-reply'],
        inputMappings: [{ source: 'petition', target: 'case' }],
      });
    });

    it('puts the elements and flows inside the sub-process in its flow scope', () => {
      for (const id of ['handling-start', 'investigate', 'handling-end']) {
        expect(element(graph, id).flowScopeId, id).to.equal('handling');
      }
      expect(element(graph, 'investigate')).to.deep.include({
        incoming: ['to-investigate'],
        outgoing: ['to-handling-end'],
      });
      expect(graph.flows.get('to-investigate')).to.deep.equal({
        id: 'to-investigate',
        sourceId: 'handling-start',
        targetId: 'investigate',
      });
      for (const id of ['start', 'reply', 'end', 'escalated', 'cannot-handle']) {
        expect(element(graph, id).flowScopeId, id).to.equal('subprocess');
      }
    });

    it('gives the process its none start, and elements that are not scopes no event sub-processes', () => {
      expect(graph.noneStartEventId).to.equal('start');
      expect(graph.eventStartEventIds).to.deep.equal([]);
      expect(element(graph, 'subprocess')).to.deep.include({
        noneStartEventId: 'start',
        eventSubProcessIds: [],
      });
      expect(element(graph, 'investigate').eventSubProcessIds).to.deep.equal([]);
      expect(element(graph, 'investigate').noneStartEventId).to.equal(undefined);
    });

    it('attaches an error boundary event to the sub-process', () => {
      expect(element(graph, 'cannot-handle')).to.deep.include({
        type: 'boundaryEvent',
        eventKind: 'error',
        errorCode: 'CANNOT_HANDLE',
        attachedToId: 'handling',
        cancelActivity: true,
      });
      expect(element(graph, 'handling').boundaryEventIds).to.deep.equal(['cannot-handle']);
    });
  });

  describe('event-subprocess.bpmn', () => {
    let graph: ProcessGraph;
    before(async () => {
      graph = await parseFixture('event-subprocess.bpmn');
    });

    it('lists the event sub-processes of the process; their starts are not starts of the process', () => {
      expect(element(graph, 'event-subprocess').eventSubProcessIds).to.deep.equal([
        'withdrawal',
        'nag',
        'on-error',
      ]);
      expect(graph.noneStartEventId).to.equal('start');
      expect(graph.eventStartEventIds).to.deep.equal([]);
      expect(element(graph, 'main-work').userTask?.candidateGroups).to.deep.equal({
        kind: 'static',
        value: 'unit',
      });
    });

    it('maps an interrupting message event sub-process to its start event', () => {
      expect(element(graph, 'withdrawal')).to.deep.include({
        type: 'eventSubProcess',
        flowScopeId: 'event-subprocess',
        startEventId: 'withdrawal-start',
        eventSubProcessIds: [],
        incoming: [],
        outgoing: [],
      });
      expect(element(graph, 'withdrawal').noneStartEventId).to.equal(undefined);
      expect(element(graph, 'withdrawal-start')).to.deep.include({
        type: 'startEvent',
        eventKind: 'message',
        flowScopeId: 'withdrawal',
        interrupting: true,
        message: {
          name: { kind: 'static', value: 'withdraw' },
          correlationKey: { kind: 'feel', source: 'petitionId' },
        },
      });
    });

    it('maps a non-interrupting timer event sub-process', () => {
      expect(element(graph, 'nag')).to.deep.include({ type: 'eventSubProcess', startEventId: 'nag-start' });
      expect(element(graph, 'nag-start')).to.deep.include({
        eventKind: 'timer',
        interrupting: false,
        timer: { kind: 'cycle', value: { kind: 'static', value: 'R2/PT12H' } },
      });
      expect(element(graph, 'nag-task')).to.deep.include({ flowScopeId: 'nag', incoming: ['to-nag-task'] });
    });

    it('maps an error event sub-process', () => {
      expect(element(graph, 'on-error').startEventId).to.equal('on-error-start');
      expect(element(graph, 'on-error-start')).to.deep.include({
        eventKind: 'error',
        errorCode: 'FATAL',
        interrupting: true,
      });
    });
  });

  it('maps scopes nested in scopes, each with its own none start and event sub-processes', async () => {
    const graph = await parseInline(
      bpmnXml(`<bpmn:startEvent id="start" />
        <bpmn:subProcess id="outer">
          <bpmn:startEvent id="outer-start" />
          <bpmn:subProcess id="inner">
            <bpmn:startEvent id="inner-start" />
            <bpmn:endEvent id="inner-end" />
            <bpmn:sequenceFlow id="i1" sourceRef="inner-start" targetRef="inner-end" />
            <bpmn:subProcess id="inner-on-error" triggeredByEvent="true">
              <bpmn:startEvent id="inner-on-error-start"><bpmn:errorEventDefinition /></bpmn:startEvent>
            </bpmn:subProcess>
          </bpmn:subProcess>
          <bpmn:sequenceFlow id="o1" sourceRef="outer-start" targetRef="inner" />
        </bpmn:subProcess>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="outer" />`),
    );
    expect(element(graph, 'outer')).to.deep.include({
      flowScopeId: 'inline',
      noneStartEventId: 'outer-start',
    });
    expect(element(graph, 'inner')).to.deep.include({
      flowScopeId: 'outer',
      noneStartEventId: 'inner-start',
      eventSubProcessIds: ['inner-on-error'],
      incoming: ['o1'],
    });
    expect(element(graph, 'inner-end').flowScopeId).to.equal('inner');
    expect(element(graph, 'inner-on-error')).to.deep.include({
      flowScopeId: 'inner',
      startEventId: 'inner-on-error-start',
    });
    expect(element(graph, 'inner-on-error-start')).to.include({
      flowScopeId: 'inner-on-error',
      eventKind: 'error',
    });
    expect(element(graph, 'inner-on-error-start').errorCode).to.equal(undefined);
  });

  describe('call activities', () => {
    it('maps zeebe:calledElement and the output mappings of a call activity', async () => {
      const graph = await parseFixture('parent.bpmn');
      expect(element(graph, 'call-child')).to.deep.include({
        type: 'callActivity',
        calledElement: {
          processId: { kind: 'static', value: 'child' },
          propagateAllChildVariables: false,
          propagateAllParentVariables: true,
        },
        outputMappings: [{ source: 'childResult', target: 'result' }],
      });
    });

    it('parses the called process of the fixture pair', async () => {
      const graph = await parseFixture('child.bpmn');
      expect(graph.bpmnProcessId).to.equal('child');
      expect(element(graph, 'child-work').taskDefinition?.type).to.deep.equal({
        kind: 'static',
        value: 'child-work',
      });
    });

    it('defaults both propagation flags to true and reads a FEEL processId', async () => {
      const graph = await parseInline(
        bpmnXml(`<bpmn:startEvent id="start" />
          <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="=childProcessId" /></bpmn:extensionElements></bpmn:callActivity>
          <bpmn:boundaryEvent id="call-failed" attachedToRef="call"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />`),
      );
      expect(element(graph, 'call').calledElement).to.deep.equal({
        processId: { kind: 'feel', source: 'childProcessId' },
        propagateAllChildVariables: true,
        propagateAllParentVariables: true,
      });
      expect(element(graph, 'call').boundaryEventIds).to.deep.equal(['call-failed']);
    });
  });

  describe('multi-instance', () => {
    let graph: ProcessGraph;
    before(async () => {
      graph = await parseFixture('multi-instance.bpmn');
    });

    it('maps a parallel multi-instance service task, FEEL sources without the "="', () => {
      expect(element(graph, 'notify-unit').multiInstance).to.deep.equal({
        sequential: false,
        inputCollection: 'units',
        inputElement: 'unit',
        outputCollection: 'replies',
        outputElement: 'reply',
      });
    });

    it('maps a sequential multi-instance sub-process with a completion condition', () => {
      expect(element(graph, 'review-each')).to.deep.include({
        type: 'subProcess',
        noneStartEventId: 'review-start',
        multiInstance: {
          sequential: true,
          inputCollection: 'replies',
          inputElement: 'r',
          completionCondition: 'numberOfCompletedInstances >= 2',
        },
      });
      expect(element(graph, 'review').flowScopeId).to.equal('review-each');
      expect(element(graph, 'review').multiInstance).to.equal(undefined);
    });

    it('maps multi-instance user tasks, receive tasks, script tasks and call activities', async () => {
      const loop =
        '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>';
      const graphs = await parseBpmn(
        bpmnXml(
          `<bpmn:startEvent id="start" />
          <bpmn:userTask id="user"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>${loop}</bpmn:userTask>
          <bpmn:receiveTask id="receive" messageRef="Message_item">${loop}</bpmn:receiveTask>
          <bpmn:scriptTask id="script"><bpmn:extensionElements><zeebe:script expression="=item" resultVariable="r" /></bpmn:extensionElements>${loop}</bpmn:scriptTask>
          <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child" /></bpmn:extensionElements>${loop}</bpmn:callActivity>
          ${withJob('serviceTask', 'service')}
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="user" />
          <bpmn:sequenceFlow id="f2" sourceRef="user" targetRef="receive" />
          <bpmn:sequenceFlow id="f3" sourceRef="receive" targetRef="script" />
          <bpmn:sequenceFlow id="f4" sourceRef="script" targetRef="call" />
          <bpmn:sequenceFlow id="f5" sourceRef="call" targetRef="service" />`,
          {
            roots: `<bpmn:message id="Message_item" name="item">
              <bpmn:extensionElements><zeebe:subscription correlationKey="=item.id" /></bpmn:extensionElements>
            </bpmn:message>`,
          },
        ),
        'loops.bpmn',
      );
      const inline = graphs[0] as ProcessGraph;
      for (const id of ['user', 'receive', 'script', 'call']) {
        expect(element(inline, id).multiInstance, id).to.deep.equal({
          sequential: false,
          inputCollection: 'items',
        });
      }
      expect(element(inline, 'service').multiInstance).to.equal(undefined);
    });
  });
});
