import { expect } from 'chai';
import {
  aroundTask,
  bpmnXml,
  expectFixtureRejected,
  expectInlineRejected,
  parseInline,
  serviceTask,
} from './support.js';

const timerCatch = (body: string) =>
  aroundTask(
    `<bpmn:intermediateCatchEvent id="task"><bpmn:timerEventDefinition>${body}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`,
  );

describe('BPMN validation: events and gateways', () => {
  describe('timers', () => {
    it('rejects a time duration on a timer start event of a process', async () => {
      await expectFixtureRejected(
        'timer-start-duration.bpmn',
        'in-an-hour',
        /timer start event of a process needs a timeDate or a timeCycle, not a timeDuration/,
      );
    });

    it('rejects a time cycle on an intermediate timer catch event', async () => {
      await expectFixtureRejected(
        'timer-catch-cycle.bpmn',
        'wait',
        /intermediate timer catch event needs a timeDuration or a timeDate, not a timeCycle/,
      );
    });

    it('rejects a time cycle on an interrupting timer start event of an event sub-process', async () => {
      await expectFixtureRejected(
        'interrupting-timer-cycle-start.bpmn',
        'nag-start',
        /interrupting timer start event of an event sub-process fires only once and cannot have a timeCycle/,
      );
    });

    it('accepts a time cycle on a non-interrupting timer boundary event', async () => {
      const graph = await parseInline(
        aroundTask(`${serviceTask('task')}
          <bpmn:boundaryEvent id="every-day" attachedToRef="task" cancelActivity="false">
            <bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 * * MON-FRI</bpmn:timeCycle></bpmn:timerEventDefinition>
          </bpmn:boundaryEvent>`),
      );
      expect(graph.elements.get('every-day')?.timer).to.deep.equal({
        kind: 'cycle',
        value: { kind: 'static', value: '0 0 9 * * MON-FRI' },
      });
    });

    it('rejects a timer with two of timeDuration, timeDate and timeCycle', async () => {
      await expectFixtureRejected(
        'timer-two-kinds.bpmn',
        'wait',
        /timer needs exactly one of timeDuration, timeDate or timeCycle, found timeDuration, timeDate/,
      );
    });

    it('rejects a timer without any of them', async () => {
      await expectInlineRejected(
        timerCatch(''),
        'task',
        /exactly one of timeDuration, timeDate or timeCycle, found none/,
      );
    });

    it('rejects an empty timer value', async () => {
      await expectInlineRejected(
        timerCatch('<bpmn:timeDuration> </bpmn:timeDuration>'),
        'task',
        /timeDuration is empty/,
      );
    });

    it('rejects a static duration that is not ISO 8601', async () => {
      await expectFixtureRejected(
        'timer-bad-duration.bpmn',
        'wait',
        /the timeDuration '5 minutes' is not an ISO 8601 duration/,
      );
    });

    it('rejects a static date that is not an ISO 8601 date-time with an offset', async () => {
      await expectFixtureRejected(
        'timer-bad-date.bpmn',
        'wait',
        /the timeDate '2026-13-01' is not an ISO 8601 date-time with an offset/,
      );
    });

    it('rejects a static cycle that is neither a repeating interval nor a six-field cron', async () => {
      await expectFixtureRejected(
        'timer-bad-cycle.bpmn',
        'weekdays',
        /the timeCycle '0 9 \* \* MON-FRI' is neither an ISO 8601 repeating interval .* nor a cron expression with six fields/,
      );
    });

    it('rejects a FEEL timer value that does not parse', async () => {
      await expectFixtureRejected(
        'timer-bad-feel.bpmn',
        'wait',
        /the timeDuration 'duration\(' is not valid FEEL/,
      );
    });
  });

  describe('messages', () => {
    it('rejects a message catch event whose message has no correlation key', async () => {
      await expectFixtureRejected(
        'message-no-correlation-key.bpmn',
        'wait-reply',
        /the message 'reply' needs a correlation key \(zeebe:subscription correlationKey\)/,
      );
    });

    it('rejects a correlation key that is not a FEEL expression', async () => {
      await expectFixtureRejected(
        'message-static-correlation-key.bpmn',
        'wait-reply',
        /the correlation key 'petitionId' of message 'reply' must be a FEEL expression starting with '='/,
      );
    });

    it('rejects a correlation key that is not valid FEEL', async () => {
      await expectInlineRejected(
        aroundTask(
          '<bpmn:intermediateCatchEvent id="task"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>',
          {
            roots:
              '<bpmn:message id="M" name="m"><bpmn:extensionElements><zeebe:subscription correlationKey="=a +" /></bpmn:extensionElements></bpmn:message>',
          },
        ),
        'task',
        /the correlation key 'a \+' is not valid FEEL/,
      );
    });

    it('rejects a reference to a message that is not defined', async () => {
      await expectFixtureRejected(
        'message-undefined.bpmn',
        'wait-reply',
        /references message 'Message_nowhere', which is not defined/,
      );
    });

    it('rejects a message without a name', async () => {
      await expectFixtureRejected(
        'message-no-name.bpmn',
        'wait-reply',
        /the message 'Message_reply' it references has no name/,
      );
    });

    it('rejects a message event without messageRef', async () => {
      await expectInlineRejected(
        aroundTask(
          '<bpmn:intermediateCatchEvent id="task"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>',
        ),
        'task',
        /a message intermediate catch event needs a messageRef to a bpmn:message with a name/,
      );
    });

    it('rejects a receive task without a message', async () => {
      await expectFixtureRejected(
        'receive-task-no-message.bpmn',
        'receive',
        /a receive task needs a messageRef to a bpmn:message with a name/,
      );
    });

    it('rejects a message event sub-process whose message has no correlation key', async () => {
      await expectFixtureRejected(
        'event-subprocess-message-no-key.bpmn',
        'withdrawal-start',
        /the message 'withdraw' needs a correlation key/,
      );
    });

    it('rejects two boundary events on one activity catching the same message', async () => {
      await expectFixtureRejected(
        'duplicate-boundary-messages.bpmn',
        'handle',
        /more than one boundary event catches the message 'withdrawn' \('withdrawn', 'withdrawn-too'\)/,
      );
    });

    it('rejects a receive task with a boundary event for its own message', async () => {
      await expectInlineRejected(
        aroundTask(
          `<bpmn:receiveTask id="task" messageRef="M" />
          <bpmn:boundaryEvent id="same" attachedToRef="task"><bpmn:messageEventDefinition messageRef="M" /></bpmn:boundaryEvent>`,
          {
            roots:
              '<bpmn:message id="M" name="reply"><bpmn:extensionElements><zeebe:subscription correlationKey="=id" /></bpmn:extensionElements></bpmn:message>',
          },
        ),
        'task',
        /waits for message 'reply', which its boundary event 'same' catches too/,
      );
    });

    it('rejects message throw events, which need a job worker', async () => {
      await expectFixtureRejected(
        'message-throw-event.bpmn',
        'notify',
        /^bpmn:MessageEventDefinition on a bpmn:IntermediateThrowEvent is not supported$/,
      );
    });
  });

  describe('signals', () => {
    it('rejects a signal without a name', async () => {
      await expectFixtureRejected(
        'signal-no-name.bpmn',
        'wait-signal',
        /the signal 'Signal_unnamed' it references has no name/,
      );
    });

    it('rejects a reference to a signal that is not defined', async () => {
      await expectFixtureRejected(
        'signal-undefined.bpmn',
        'raise-alert',
        /references signal 'Signal_nowhere', which is not defined/,
      );
    });

    it('rejects a signal event without signalRef', async () => {
      await expectInlineRejected(
        aroundTask(
          '<bpmn:intermediateThrowEvent id="task"><bpmn:signalEventDefinition /></bpmn:intermediateThrowEvent>',
        ),
        'task',
        /a signal intermediate throw event needs a signalRef to a bpmn:signal with a name/,
      );
    });
  });

  describe('escalations and errors', () => {
    it('rejects an escalation throw event without an escalation code', async () => {
      await expectFixtureRejected(
        'escalation-throw-no-code.bpmn',
        'raise',
        /escalation intermediate throw event needs an escalationRef to a bpmn:escalation with an escalationCode/,
      );
    });

    it('rejects an escalation boundary event on a task', async () => {
      await expectFixtureRejected(
        'escalation-boundary-on-task.bpmn',
        'on-late',
        /escalation boundary event can only be attached to a sub-process or a call activity, not to a bpmn:ServiceTask/,
      );
    });

    it('rejects an expression as the code of an escalation catch event', async () => {
      await expectFixtureRejected(
        'escalation-catch-expression.bpmn',
        'on-late',
        /the escalationCode '=code' of an escalation catch event cannot be an expression/,
      );
    });

    it('rejects a reference to an escalation that is not defined', async () => {
      await expectInlineRejected(
        aroundTask(
          '<bpmn:intermediateThrowEvent id="task"><bpmn:escalationEventDefinition escalationRef="Nowhere" /></bpmn:intermediateThrowEvent>',
        ),
        'task',
        /references escalation 'Nowhere', which is not defined/,
      );
    });

    it('rejects an expression as the code of an error catch event', async () => {
      await expectInlineRejected(
        aroundTask(
          `${serviceTask('task')}<bpmn:boundaryEvent id="caught" attachedToRef="task"><bpmn:errorEventDefinition errorRef="E" /></bpmn:boundaryEvent>`,
          { roots: '<bpmn:error id="E" errorCode="=code" />' },
        ),
        'caught',
        /the errorCode '=code' of an error catch event cannot be an expression/,
      );
    });
  });

  describe('intermediate events', () => {
    it('rejects an intermediate catch event without an event definition', async () => {
      await expectInlineRejected(
        aroundTask('<bpmn:intermediateCatchEvent id="task" />'),
        'task',
        /a bpmn:IntermediateCatchEvent needs an event definition/,
      );
    });

    it('rejects link events, naming the definition and the element type', async () => {
      await expectFixtureRejected(
        'link-event.bpmn',
        'jump',
        /^bpmn:LinkEventDefinition on a bpmn:IntermediateThrowEvent is not supported$/,
      );
    });

    it('rejects input mappings on a catch event', async () => {
      await expectFixtureRejected(
        'catch-event-input-mapping.bpmn',
        'wait',
        /intermediate catch event cannot have input mappings \(zeebe:input\)/,
      );
    });

    it('rejects input or output mappings on a gateway', async () => {
      await expectInlineRejected(
        aroundTask(
          '<bpmn:parallelGateway id="task"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=a" target="b" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:parallelGateway>',
        ),
        'task',
        /^a parallel gateway cannot have input or output mappings$/,
      );
    });
  });

  describe('gateways', () => {
    it('rejects an inclusive gateway with an outgoing flow lacking a condition', async () => {
      await expectFixtureRejected(
        'inclusive-missing-condition.bpmn',
        'which',
        /outgoing flow 'to-letter' has no condition; when an inclusive gateway has several outgoing flows/,
      );
    });

    it('rejects an event-based gateway with a single outgoing flow', async () => {
      await expectFixtureRejected(
        'event-gateway-one-flow.bpmn',
        'await',
        /event-based gateway needs at least two outgoing sequence flows, found 1/,
      );
    });

    it('rejects an event-based gateway leading to something other than a catch event', async () => {
      await expectFixtureRejected(
        'event-gateway-task-target.bpmn',
        'await',
        /outgoing flow 'to-receive' leads to 'receive' \(bpmn:ReceiveTask\); the flows of an event-based gateway must lead to intermediate catch events/,
      );
    });

    it('rejects a condition on a flow leaving an event-based gateway', async () => {
      await expectFixtureRejected(
        'event-gateway-condition.bpmn',
        'await',
        /outgoing flow 'to-timeout' of an event-based gateway has a condition/,
      );
    });

    it('rejects a catch event after an event-based gateway that can be reached another way', async () => {
      await expectFixtureRejected(
        'event-gateway-shared-target.bpmn',
        'await',
        /'answer' after the event-based gateway has other incoming sequence flows \('back-to-answer'\)/,
      );
    });

    it('rejects two catch events after an event-based gateway waiting for the same signal', async () => {
      const catchSignal = (id: string) =>
        `<bpmn:intermediateCatchEvent id="${id}"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>`;
      await expectInlineRejected(
        bpmnXml(
          `<bpmn:startEvent id="start" /><bpmn:eventBasedGateway id="gw" />${catchSignal('a')}${catchSignal('b')}
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
          <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="a" />
          <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="b" />`,
          { roots: '<bpmn:signal id="S" name="alert" />' },
        ),
        'gw',
        /more than one event after the event-based gateway catches the signal 'alert' \('a', 'b'\)/,
      );
    });
  });
});
