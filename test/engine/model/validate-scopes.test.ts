import { expect } from 'chai';
import { aroundTask, bpmnXml, expectFixtureRejected, expectInlineRejected, parseInline } from './support.js';

const loop = (attributes: string, inner = '') =>
  `<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics ${attributes} /></bpmn:extensionElements>${inner}</bpmn:multiInstanceLoopCharacteristics>`;

const loopTask = (attributes: string, inner = '') =>
  aroundTask(
    `<bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="t" /></bpmn:extensionElements>${loop(attributes, inner)}</bpmn:serviceTask>`,
  );

describe('BPMN validation: scopes', () => {
  describe('processes', () => {
    it('accepts a process with one none start event and several event start events', async () => {
      const graph = await parseInline(
        bpmnXml(
          `<bpmn:startEvent id="start" />
          <bpmn:startEvent id="on-timer"><bpmn:timerEventDefinition><bpmn:timeDate>2026-03-01T09:00:00+08:00</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent>
          <bpmn:startEvent id="on-signal"><bpmn:signalEventDefinition signalRef="Signal_alert" /></bpmn:startEvent>
          <bpmn:endEvent id="end" />
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
          <bpmn:sequenceFlow id="f2" sourceRef="on-timer" targetRef="end" />
          <bpmn:sequenceFlow id="f3" sourceRef="on-signal" targetRef="end" />`,
          { roots: '<bpmn:signal id="Signal_alert" name="alert" />' },
        ),
      );
      expect(graph.noneStartEventId).to.equal('start');
      expect(graph.eventStartEventIds).to.deep.equal(['on-timer', 'on-signal']);
    });

    it('rejects an error start event at process level', async () => {
      await expectFixtureRejected(
        'error-start-in-process.bpmn',
        'on-error',
        /an error start event is only allowed in an event sub-process/,
      );
    });

    it('rejects an escalation start event at process level', async () => {
      await expectFixtureRejected(
        'escalation-start-in-process.bpmn',
        'on-late',
        /an escalation start event is only allowed in an event sub-process/,
      );
    });

    it('rejects two message start events for the same message name', async () => {
      await expectFixtureRejected(
        'duplicate-message-starts.bpmn',
        'duplicate-message-starts',
        /more than one start event catches the message 'petition-registered' \('registered', 'registered-again'\)/,
      );
    });
  });

  describe('embedded sub-processes', () => {
    it('rejects a sub-process without a start event', async () => {
      await expectFixtureRejected(
        'subprocess-without-start.bpmn',
        'handling',
        /embedded sub-process needs exactly one none start event, found none/,
      );
    });

    it('rejects a sub-process with two start events', async () => {
      await expectInlineRejected(
        bpmnXml(`<bpmn:startEvent id="start" />
          <bpmn:subProcess id="sub"><bpmn:startEvent id="a" /><bpmn:startEvent id="b" /></bpmn:subProcess>
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />`),
        'sub',
        /needs exactly one start event, found 2: 'a', 'b'/,
      );
    });

    it('rejects a start event with a trigger in an embedded sub-process', async () => {
      await expectFixtureRejected(
        'subprocess-timer-start.bpmn',
        'handling-start',
        /start event of an embedded sub-process must be a none start event, not a timer start event/,
      );
    });

    it('rejects a sequence flow that crosses the boundary of a sub-process', async () => {
      await expectFixtureRejected(
        'flow-crosses-subprocess.bpmn',
        'jump-out',
        /source 'investigate' is in 'handling', but the flow is in 'flow-crosses-subprocess'; a sequence flow cannot cross/,
      );
    });

    it('rejects a boundary event written in another scope than its activity', async () => {
      await expectInlineRejected(
        bpmnXml(`<bpmn:startEvent id="start" />
          <bpmn:subProcess id="sub">
            <bpmn:startEvent id="sub-start" />
            <bpmn:serviceTask id="inside"><bpmn:extensionElements><zeebe:taskDefinition type="t" /></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:sequenceFlow id="s1" sourceRef="sub-start" targetRef="inside" />
          </bpmn:subProcess>
          <bpmn:boundaryEvent id="outside" attachedToRef="inside"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />`),
        'outside',
        /the boundary event is in 'inline', but the activity 'inside' it is attached to is in 'sub'/,
      );
    });
  });

  describe('event sub-processes', () => {
    it('rejects an event sub-process with sequence flows', async () => {
      await expectFixtureRejected(
        'event-subprocess-with-flows.bpmn',
        'on-message',
        /event sub-process cannot have incoming or outgoing sequence flows \('into-event-subprocess'\)/,
      );
    });

    it('rejects an event sub-process whose start event has no trigger', async () => {
      await expectFixtureRejected(
        'event-subprocess-none-start.bpmn',
        'no-trigger-start',
        /start event of an event sub-process needs a trigger/,
      );
    });

    it('rejects an event sub-process with two start events', async () => {
      await expectFixtureRejected(
        'event-subprocess-two-starts.bpmn',
        'two-triggers',
        /event sub-process needs exactly one start event, found 2: 'first-trigger', 'second-trigger'/,
      );
    });

    it('rejects an event sub-process without a start event', async () => {
      await expectInlineRejected(
        bpmnXml(`<bpmn:startEvent id="start" /><bpmn:subProcess id="empty" triggeredByEvent="true" />`),
        'empty',
        /event sub-process needs exactly one start event, .*found none/,
      );
    });

    it('rejects a non-interrupting error start event', async () => {
      await expectFixtureRejected(
        'non-interrupting-error-start.bpmn',
        'on-error-start',
        /error start event is always interrupting: isInterrupting="false" is not allowed/,
      );
    });

    it('rejects a multi-instance event sub-process', async () => {
      await expectFixtureRejected(
        'event-subprocess-multi-instance.bpmn',
        'on-timer',
        /^an event sub-process cannot be multi-instance$/,
      );
    });

    it('rejects a boundary event attached to an event sub-process', async () => {
      await expectFixtureRejected(
        'boundary-on-event-subprocess.bpmn',
        'on-timer-boundary',
        /cannot be attached to an event sub-process/,
      );
    });

    it('rejects two event sub-processes of one scope catching the same error code', async () => {
      const onError = (id: string) =>
        `<bpmn:subProcess id="${id}" triggeredByEvent="true"><bpmn:startEvent id="${id}-start"><bpmn:errorEventDefinition errorRef="Error_fatal" /></bpmn:startEvent></bpmn:subProcess>`;
      await expectInlineRejected(
        bpmnXml(`<bpmn:startEvent id="start" />${onError('first')}${onError('second')}`, {
          roots: '<bpmn:error id="Error_fatal" errorCode="FATAL" />',
        }),
        'inline',
        /more than one event sub-process catches the error code 'FATAL' \('first-start', 'second-start'\)/,
      );
    });

    it('rejects two catch-all escalation boundary events on one activity', async () => {
      await expectInlineRejected(
        bpmnXml(`<bpmn:startEvent id="start" />
          <bpmn:subProcess id="sub"><bpmn:startEvent id="sub-start" /></bpmn:subProcess>
          <bpmn:boundaryEvent id="a" attachedToRef="sub" cancelActivity="false"><bpmn:escalationEventDefinition /></bpmn:boundaryEvent>
          <bpmn:boundaryEvent id="b" attachedToRef="sub"><bpmn:escalationEventDefinition /></bpmn:boundaryEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />`),
        'sub',
        /more than one boundary event catches all escalations \('a', 'b'\)/,
      );
    });
  });

  describe('call activities', () => {
    it('rejects a call activity without zeebe:calledElement', async () => {
      await expectInlineRejected(
        aroundTask('<bpmn:callActivity id="task" />'),
        'task',
        /call activity needs zeebe:calledElement with the processId/,
      );
    });

    it('rejects zeebe:calledElement without a processId', async () => {
      await expectFixtureRejected(
        'call-activity-no-process-id.bpmn',
        'call-child',
        /zeebe:calledElement has no processId/,
      );
    });

    it('rejects a binding type other than latest', async () => {
      await expectFixtureRejected(
        'call-activity-binding-deployment.bpmn',
        'call-child',
        /bindingType 'deployment' is not supported; only 'latest'/,
      );
    });

    it('rejects a FEEL processId that does not parse', async () => {
      await expectInlineRejected(
        aroundTask(
          '<bpmn:callActivity id="task"><bpmn:extensionElements><zeebe:calledElement processId="=if x" /></bpmn:extensionElements></bpmn:callActivity>',
        ),
        'task',
        /the called processId 'if x' is not valid FEEL/,
      );
    });
  });

  describe('multi-instance', () => {
    it('rejects zeebe:loopCharacteristics without an inputCollection', async () => {
      await expectFixtureRejected(
        'multi-instance-no-input-collection.bpmn',
        'notify-unit',
        /zeebe:loopCharacteristics has no inputCollection/,
      );
    });

    it('rejects an inputCollection that is not a FEEL expression', async () => {
      await expectFixtureRejected(
        'multi-instance-static-input.bpmn',
        'notify-unit',
        /the inputCollection 'units' must be a FEEL expression starting with '='/,
      );
    });

    it('rejects an inputCollection that is not valid FEEL', async () => {
      await expectInlineRejected(
        loopTask('inputCollection="=[1,"'),
        'task',
        /the inputCollection '\[1,' is not valid FEEL/,
      );
    });

    it('rejects an outputCollection without an outputElement', async () => {
      await expectFixtureRejected(
        'multi-instance-output-collection-only.bpmn',
        'notify-unit',
        /the outputCollection 'replies' needs an outputElement/,
      );
    });

    it('rejects an outputElement without an outputCollection', async () => {
      await expectFixtureRejected(
        'multi-instance-output-element-only.bpmn',
        'notify-unit',
        /the outputElement needs an outputCollection/,
      );
    });

    it('rejects an outputElement that is not a FEEL expression', async () => {
      await expectInlineRejected(
        loopTask('inputCollection="=units" outputCollection="replies" outputElement="reply"'),
        'task',
        /the outputElement 'reply' must be a FEEL expression starting with '='/,
      );
    });

    it('rejects an inputElement written as an expression', async () => {
      await expectInlineRejected(
        loopTask('inputCollection="=units" inputElement="=unit"'),
        'task',
        /the inputElement '=unit' must be a variable name, not an expression/,
      );
    });

    it('rejects a completion condition that is not valid FEEL', async () => {
      await expectFixtureRejected(
        'multi-instance-bad-completion.bpmn',
        'notify-unit',
        /the completionCondition 'done >' is not valid FEEL/,
      );
    });

    it('rejects a completion condition written without "="', async () => {
      await expectInlineRejected(
        loopTask(
          'inputCollection="=units"',
          '<bpmn:completionCondition xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">done</bpmn:completionCondition>',
        ),
        'task',
        /the completionCondition 'done' must be a FEEL expression starting with '='/,
      );
    });

    it('rejects standard loop characteristics', async () => {
      await expectFixtureRejected(
        'standard-loop.bpmn',
        'retry',
        /standard loop characteristics \(bpmn:standardLoopCharacteristics\) are not supported/,
      );
    });
  });
});
