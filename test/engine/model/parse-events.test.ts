import { expect } from 'chai';
import type { ProcessGraph } from '../../../src/engine/model/types.js';
import { aroundTask, bpmnXml, element, parseFixture, parseInline } from './support.js';

const reply = `<bpmn:message id="Message_reply" name="reply">
  <bpmn:extensionElements><zeebe:subscription correlationKey="=petitionId" /></bpmn:extensionElements>
</bpmn:message>`;

describe('parseBpmn: events', () => {
  describe('timers', () => {
    let graph: ProcessGraph;
    before(async () => {
      graph = await parseFixture('timer-boundary.bpmn');
    });

    it('maps a non-interrupting timer boundary event with a static time cycle', () => {
      expect(element(graph, 'remind')).to.deep.include({
        type: 'boundaryEvent',
        eventKind: 'timer',
        attachedToId: 'work',
        cancelActivity: false,
        timer: { kind: 'cycle', value: { kind: 'static', value: 'R3/P1D' } },
        outgoing: ['to-send-reminder'],
      });
    });

    it('maps an interrupting timer boundary event with a FEEL time date', () => {
      expect(element(graph, 'deadline')).to.deep.include({
        eventKind: 'timer',
        cancelActivity: true,
        timer: { kind: 'date', value: { kind: 'feel', source: 'deadlineAt' } },
      });
      expect(element(graph, 'work').boundaryEventIds).to.deep.equal(['deadline', 'remind']);
      expect(element(graph, 'work').userTask?.candidateGroups).to.deep.equal({
        kind: 'static',
        value: 'office',
      });
    });

    it('maps an intermediate timer catch event with a duration', async () => {
      const catchGraph = await parseFixture('timer-catch.bpmn');
      expect(element(catchGraph, 'wait')).to.deep.include({
        type: 'intermediateCatchEvent',
        eventKind: 'timer',
        timer: { kind: 'duration', value: { kind: 'static', value: 'PT1H' } },
        incoming: ['to-wait'],
        outgoing: ['to-after-wait'],
      });
    });

    it('maps a timer start event as an event start of a process without a none start', async () => {
      const startGraph = await parseFixture('timer-start.bpmn');
      expect(startGraph.noneStartEventId).to.equal('');
      expect(startGraph.eventStartEventIds).to.deep.equal(['every-hour']);
      expect(element(startGraph, 'every-hour')).to.deep.include({
        type: 'startEvent',
        eventKind: 'timer',
        timer: { kind: 'cycle', value: { kind: 'static', value: 'R2/PT1H' } },
      });
      expect(element(startGraph, 'timer-start').noneStartEventId).to.equal(undefined);
    });
  });

  describe('messages', () => {
    it('maps an intermediate message catch event to the message name and correlation key', async () => {
      const graph = await parseFixture('message-catch.bpmn');
      expect(element(graph, 'wait-reply')).to.deep.include({
        type: 'intermediateCatchEvent',
        eventKind: 'message',
        message: {
          name: { kind: 'static', value: 'reply' },
          correlationKey: { kind: 'feel', source: 'petitionId' },
        },
      });
    });

    it('maps a receive task to its message', async () => {
      const graph = await parseFixture('receive-task.bpmn');
      expect(element(graph, 'receive')).to.deep.include({
        type: 'receiveTask',
        eventKind: 'none',
        message: {
          name: { kind: 'static', value: 'confirmation' },
          correlationKey: { kind: 'feel', source: 'caseId' },
        },
      });
    });

    it('maps a message start event without a correlation key', async () => {
      const graph = await parseFixture('message-start.bpmn');
      expect(graph.noneStartEventId).to.equal('');
      expect(graph.eventStartEventIds).to.deep.equal(['registered']);
      expect(element(graph, 'registered')).to.deep.include({
        type: 'startEvent',
        eventKind: 'message',
        message: { name: { kind: 'static', value: 'petition-registered' } },
      });
    });

    it('leaves out a correlation key written on the message of a process start event', async () => {
      const graph = await parseInline(
        bpmnXml(
          `<bpmn:startEvent id="start" />
          <bpmn:startEvent id="on-reply"><bpmn:messageEventDefinition messageRef="Message_reply" /></bpmn:startEvent>`,
          { roots: reply },
        ),
      );
      expect(graph.noneStartEventId).to.equal('start');
      expect(graph.eventStartEventIds).to.deep.equal(['on-reply']);
      expect(element(graph, 'on-reply').message).to.deep.equal({ name: { kind: 'static', value: 'reply' } });
    });

    it('reads a FEEL message name', async () => {
      const graph = await parseInline(
        aroundTask(
          '<bpmn:intermediateCatchEvent id="task"><bpmn:messageEventDefinition messageRef="Message_kind" /></bpmn:intermediateCatchEvent>',
          {
            roots: `<bpmn:message id="Message_kind" name="=&quot;reply-&quot; + kind">
              <bpmn:extensionElements><zeebe:subscription correlationKey="=petitionId" /></bpmn:extensionElements>
            </bpmn:message>`,
          },
        ),
      );
      expect(element(graph, 'task').message?.name).to.deep.equal({ kind: 'feel', source: '"reply-" + kind' });
    });

    it('maps interrupting and non-interrupting message boundary events', async () => {
      const graph = await parseFixture('message-boundary.bpmn');
      expect(element(graph, 'withdrawn')).to.deep.include({
        eventKind: 'message',
        cancelActivity: true,
        attachedToId: 'handle',
        message: {
          name: { kind: 'static', value: 'withdrawn' },
          correlationKey: { kind: 'feel', source: 'petitionId' },
        },
      });
      expect(element(graph, 'supplement')).to.deep.include({ eventKind: 'message', cancelActivity: false });
      expect(element(graph, 'supplement').message?.name).to.deep.equal({
        kind: 'static',
        value: 'supplement',
      });
      expect(element(graph, 'handle').boundaryEventIds).to.deep.equal(['withdrawn', 'supplement']);
    });
  });

  describe('signals', () => {
    it('maps an intermediate signal catch event to the signal name', async () => {
      const graph = await parseFixture('signal.bpmn');
      expect(element(graph, 'wait-signal')).to.deep.include({
        type: 'intermediateCatchEvent',
        eventKind: 'signal',
        signalName: { kind: 'static', value: 'county-alert' },
      });
    });

    it('maps a signal start event as an event start of the process', async () => {
      const graph = await parseFixture('signal-start.bpmn');
      expect(graph.noneStartEventId).to.equal('');
      expect(graph.eventStartEventIds).to.deep.equal(['alert']);
      expect(element(graph, 'alert')).to.deep.include({
        eventKind: 'signal',
        signalName: { kind: 'static', value: 'county-alert' },
      });
    });

    it('maps signal throw events and signal boundary events', async () => {
      const graph = await parseInline(
        bpmnXml(
          `<bpmn:startEvent id="start" />
          <bpmn:intermediateThrowEvent id="raise"><bpmn:signalEventDefinition signalRef="Signal_alert" /></bpmn:intermediateThrowEvent>
          <bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="t" /></bpmn:extensionElements></bpmn:serviceTask>
          <bpmn:boundaryEvent id="on-alert" attachedToRef="task" cancelActivity="false"><bpmn:signalEventDefinition signalRef="Signal_alert" /></bpmn:boundaryEvent>
          <bpmn:endEvent id="broadcast"><bpmn:signalEventDefinition signalRef="Signal_computed" /></bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="raise" />
          <bpmn:sequenceFlow id="f2" sourceRef="raise" targetRef="task" />
          <bpmn:sequenceFlow id="f3" sourceRef="task" targetRef="broadcast" />`,
          {
            roots:
              '<bpmn:signal id="Signal_alert" name="county-alert" /><bpmn:signal id="Signal_computed" name="=alertName" />',
          },
        ),
      );
      expect(element(graph, 'raise')).to.deep.include({
        type: 'intermediateThrowEvent',
        eventKind: 'signal',
        signalName: { kind: 'static', value: 'county-alert' },
      });
      expect(element(graph, 'on-alert')).to.deep.include({ eventKind: 'signal', cancelActivity: false });
      expect(element(graph, 'broadcast')).to.deep.include({
        type: 'endEvent',
        eventKind: 'signal',
        signalName: { kind: 'feel', source: 'alertName' },
      });
    });
  });

  describe('escalations', () => {
    let graph: ProcessGraph;
    before(async () => {
      graph = await parseFixture('escalation.bpmn');
    });

    it('maps an intermediate escalation throw event inside a sub-process', () => {
      expect(element(graph, 'raise')).to.deep.include({
        type: 'intermediateThrowEvent',
        eventKind: 'escalation',
        escalationCode: 'LATE',
        flowScopeId: 'inner',
      });
    });

    it('maps a non-interrupting escalation boundary event on the sub-process', () => {
      expect(element(graph, 'on-late')).to.deep.include({
        type: 'boundaryEvent',
        eventKind: 'escalation',
        escalationCode: 'LATE',
        attachedToId: 'inner',
        cancelActivity: false,
        flowScopeId: 'escalation',
      });
      expect(element(graph, 'inner').boundaryEventIds).to.deep.equal(['on-late']);
    });

    it('maps an escalation end event, and a catch event without escalationRef as a catch-all', async () => {
      const inline = await parseInline(
        bpmnXml(
          `<bpmn:startEvent id="start" />
          <bpmn:subProcess id="inner">
            <bpmn:startEvent id="inner-start" />
            <bpmn:endEvent id="escalate"><bpmn:escalationEventDefinition escalationRef="Escalation_late" /></bpmn:endEvent>
            <bpmn:sequenceFlow id="i1" sourceRef="inner-start" targetRef="escalate" />
          </bpmn:subProcess>
          <bpmn:boundaryEvent id="any" attachedToRef="inner"><bpmn:escalationEventDefinition /></bpmn:boundaryEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="inner" />`,
          { roots: '<bpmn:escalation id="Escalation_late" name="Late" escalationCode="LATE" />' },
        ),
      );
      expect(element(inline, 'escalate')).to.deep.include({
        type: 'endEvent',
        eventKind: 'escalation',
        escalationCode: 'LATE',
      });
      expect(element(inline, 'any')).to.include({ eventKind: 'escalation', cancelActivity: true });
      expect(element(inline, 'any').escalationCode).to.equal(undefined);
    });
  });

  describe('throw events and mappings', () => {
    it('maps a none intermediate throw event, which just passes through', async () => {
      const graph = await parseInline(aroundTask('<bpmn:intermediateThrowEvent id="task" />'));
      expect(element(graph, 'task')).to.deep.include({
        type: 'intermediateThrowEvent',
        eventKind: 'none',
        incoming: ['to-task'],
        outgoing: ['to-end'],
      });
    });

    it('maps output mappings of catch events and input mappings of throw and end events', async () => {
      const graph = await parseInline(
        bpmnXml(
          `<bpmn:startEvent id="start" />
          <bpmn:intermediateCatchEvent id="wait">
            <bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=answer" target="reply" /></zeebe:ioMapping></bpmn:extensionElements>
            <bpmn:messageEventDefinition messageRef="Message_reply" />
          </bpmn:intermediateCatchEvent>
          <bpmn:intermediateThrowEvent id="note">
            <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=reply.text" target="text" /></zeebe:ioMapping></bpmn:extensionElements>
          </bpmn:intermediateThrowEvent>
          <bpmn:endEvent id="end">
            <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="done" target="status" /></zeebe:ioMapping></bpmn:extensionElements>
          </bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
          <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="note" />
          <bpmn:sequenceFlow id="f3" sourceRef="note" targetRef="end" />`,
          { roots: reply },
        ),
      );
      expect(element(graph, 'wait').outputMappings).to.deep.equal([{ source: 'answer', target: 'reply' }]);
      expect(element(graph, 'note').inputMappings).to.deep.equal([{ source: 'reply.text', target: 'text' }]);
      expect(element(graph, 'end').inputMappings).to.deep.equal([{ source: '"done"', target: 'status' }]);
    });
  });

  describe('gateways', () => {
    it('maps an inclusive fork with conditions and a default flow, and an inclusive join', async () => {
      const graph = await parseFixture('inclusive.bpmn');
      expect(element(graph, 'which')).to.deep.include({
        type: 'inclusiveGateway',
        defaultFlowId: 'to-log',
        outgoing: ['to-sms', 'to-letter', 'to-log'],
      });
      expect(graph.flows.get('to-sms')?.condition).to.equal('notifySms');
      expect(graph.flows.get('to-letter')?.condition).to.equal('notifyLetter');
      expect(graph.flows.get('to-log')?.condition).to.equal(undefined);
      expect(element(graph, 'joined')).to.deep.include({
        type: 'inclusiveGateway',
        incoming: ['sms-to-joined', 'letter-to-joined', 'log-to-joined'],
        outgoing: ['to-end'],
      });
      expect(element(graph, 'log').taskDefinition?.type).to.deep.equal({ kind: 'static', value: 'log' });
    });

    it('maps an event-based gateway and the catch events after it', async () => {
      const graph = await parseFixture('event-gateway.bpmn');
      expect(element(graph, 'await')).to.deep.include({
        type: 'eventBasedGateway',
        incoming: ['to-await'],
        outgoing: ['to-answer', 'to-timeout'],
      });
      expect(element(graph, 'answer')).to.deep.include({
        eventKind: 'message',
        message: {
          name: { kind: 'static', value: 'answer' },
          correlationKey: { kind: 'feel', source: 'petitionId' },
        },
      });
      expect(element(graph, 'timeout')).to.deep.include({
        eventKind: 'timer',
        timer: { kind: 'duration', value: { kind: 'static', value: 'P5D' } },
      });
      expect(element(graph, 'timed-out').incoming).to.deep.equal(['to-timed-out']);
    });
  });
});
