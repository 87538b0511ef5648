import { expect } from 'chai';
import { parseBpmn } from '../../../src/engine/model/parse-bpmn.js';
import {
  aroundTask,
  bpmnXml,
  expectFixtureRejected,
  expectInlineRejected,
  rejectionOf,
  rejectionOfFixture,
  serviceTask,
} from './support.js';

describe('BPMN validation', () => {
  describe('documents', () => {
    it('rejects malformed XML, naming the resource and the position', async () => {
      const error = await rejectionOfFixture('invalid/malformed.bpmn');
      expect(error.code).to.equal('INVALID_ARGUMENT');
      expect(error.message).to.match(
        /^Invalid BPMN resource 'invalid\/malformed.bpmn': malformed XML: .*line 10, column 5/,
      );
      expect(error.details).to.deep.equal([
        { resourceName: 'invalid/malformed.bpmn', message: error.message.replace(/^[^:]*: /, '') },
      ]);
    });

    it('rejects a document that is not BPMN', async () => {
      const error = await rejectionOf(parseBpmn('<html><body>no</body></html>', 'page.bpmn'));
      expect(error.code).to.equal('INVALID_ARGUMENT');
      expect(error.message).to.equal(
        "Invalid BPMN resource 'page.bpmn': not a BPMN document: unexpected element <html> at line 1, column 1",
      );
    });

    it('rejects a resource without an executable process', async () => {
      const error = await rejectionOfFixture('invalid/no-executable-process.bpmn');
      expect(error.code).to.equal('INVALID_ARGUMENT');
      expect(error.details).to.deep.equal([
        {
          resourceName: 'invalid/no-executable-process.bpmn',
          message: 'the resource contains no executable process (bpmn:process isExecutable="true")',
        },
      ]);
    });

    it('rejects unknown BPMN elements the reader cannot place', async () => {
      const error = await rejectionOf(
        parseBpmn(bpmnXml('<bpmn:startEvent id="start" /><bpmn:taks id="typo" />'), 'typo.bpmn'),
      );
      expect(error.message).to.match(/unknown BPMN element <bpmn:Taks> at line \d+, column \d+/);
    });

    it('rejects duplicate ids', async () => {
      await expectInlineRejected(
        bpmnXml('<bpmn:startEvent id="start" /><bpmn:endEvent id="start" />'),
        'start',
        /used more than once/,
      );
    });

    it('reports every problem of a resource at once', async () => {
      const error = await rejectionOfFixture('invalid/several-problems.bpmn');
      expect(error.details.map((d) => d.elementId)).to.have.members([
        'manual',
        'several-problems',
        'no-type',
      ]);
      for (const detail of error.details) expect(error.message).to.include(detail.message);
    });
  });

  describe('elements', () => {
    it('rejects an element kind the engine does not execute, naming its BPMN type', async () => {
      await expectFixtureRejected(
        'unsupported-element.bpmn',
        'decide',
        /^bpmn:BusinessRuleTask is not supported$/,
      );
    });

    it('rejects a multi-instance activity without zeebe:loopCharacteristics', async () => {
      await expectInlineRejected(
        aroundTask(
          `<bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="t" /></bpmn:extensionElements>
            <bpmn:multiInstanceLoopCharacteristics /></bpmn:serviceTask>`,
        ),
        'task',
        /needs zeebe:loopCharacteristics with an inputCollection/,
      );
    });

    it('rejects a service task without zeebe:taskDefinition', async () => {
      await expectFixtureRejected('service-task-no-definition.bpmn', 'task1', /needs a zeebe:taskDefinition/);
    });

    it('rejects a service task with an empty job type', async () => {
      await expectFixtureRejected('service-task-empty-type.bpmn', 'task1', /job type .* is empty/);
    });

    it('rejects static retries that are not a number', async () => {
      await expectInlineRejected(
        aroundTask(
          '<bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="t" retries="many" /></bpmn:extensionElements></bpmn:serviceTask>',
        ),
        'task',
        /retries 'many' is not a non-negative integer/,
      );
    });

    it('rejects a job-worker user task, saying it is deprecated', async () => {
      await expectFixtureRejected('user-task-job-worker.bpmn', 'approve', /zeebe:userTask.*deprecated/);
    });

    it('rejects a user task priority outside 0..100', async () => {
      await expectInlineRejected(
        aroundTask(
          '<bpmn:userTask id="task"><bpmn:extensionElements><zeebe:userTask /><zeebe:priorityDefinition priority="101" /></bpmn:extensionElements></bpmn:userTask>',
        ),
        'task',
        /priority '101'/,
      );
    });

    it('rejects a script task without an expression', async () => {
      await expectFixtureRejected(
        'script-task-no-expression.bpmn',
        'compute',
        /zeebe:script has no expression/,
      );
    });

    it('rejects a script task without a result variable', async () => {
      await expectFixtureRejected(
        'script-task-no-result-variable.bpmn',
        'compute',
        /zeebe:script has no resultVariable/,
      );
    });

    it('rejects a script task without zeebe:script', async () => {
      await expectInlineRejected(aroundTask('<bpmn:scriptTask id="task" />'), 'task', /needs zeebe:script/);
    });

    it('rejects a script expression that is not FEEL', async () => {
      await expectInlineRejected(
        aroundTask(
          '<bpmn:scriptTask id="task"><bpmn:extensionElements><zeebe:script expression="a + b" resultVariable="r" /></bpmn:extensionElements></bpmn:scriptTask>',
        ),
        'task',
        /must be FEEL, starting with '='/,
      );
    });

    it('rejects an input or output mapping with an empty target', async () => {
      await expectFixtureRejected(
        'io-mapping-empty-target.bpmn',
        'task1',
        /output mapping 1 has an empty target/,
      );
    });
  });

  describe('events', () => {
    it('rejects a process without any start event', async () => {
      await expectFixtureRejected(
        'no-start-event.bpmn',
        'no-start-event',
        /a process needs a start event: .*found none/,
      );
    });

    it('rejects a process with two none start events', async () => {
      await expectFixtureRejected(
        'two-start-events.bpmn',
        'two-start-events',
        /only one none start event, found 2: 'start-1', 'start-2'/,
      );
    });

    it('rejects an event definition the element cannot have, naming both BPMN types', async () => {
      await expectInlineRejected(
        bpmnXml(
          '<bpmn:startEvent id="start" /><bpmn:startEvent id="on-condition"><bpmn:conditionalEventDefinition /></bpmn:startEvent>',
        ),
        'on-condition',
        /^bpmn:ConditionalEventDefinition on a bpmn:StartEvent is not supported$/,
      );
    });

    it('rejects an end event with outgoing flows', async () => {
      await expectFixtureRejected(
        'end-event-outgoing.bpmn',
        'end',
        /end event cannot have outgoing sequence flows \('from-end'\)/,
      );
    });

    it('rejects an error end event without an error code', async () => {
      await expectInlineRejected(
        bpmnXml(`<bpmn:startEvent id="start" /><bpmn:endEvent id="fail"><bpmn:errorEventDefinition /></bpmn:endEvent>
          <bpmn:sequenceFlow id="f" sourceRef="start" targetRef="fail" />`),
        'fail',
        /error end event needs an errorRef/,
      );
    });

    it('rejects a reference to an undefined error', async () => {
      await expectInlineRejected(
        bpmnXml(`<bpmn:startEvent id="start" /><bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="Nowhere" /></bpmn:endEvent>
          <bpmn:sequenceFlow id="f" sourceRef="start" targetRef="fail" />`),
        'fail',
        /references error 'Nowhere', which is not defined/,
      );
    });

    it('rejects an interrupting timer boundary event with a time cycle', async () => {
      await expectFixtureRejected(
        'timer-boundary.bpmn',
        'boundary1',
        /interrupting timer boundary event fires only once and cannot have a timeCycle/,
      );
    });

    it('rejects a non-interrupting error boundary event', async () => {
      await expectFixtureRejected('non-interrupting-error-boundary.bpmn', 'boundary1', /always interrupting/);
    });

    it('rejects a boundary event without an event definition', async () => {
      await expectInlineRejected(
        aroundTask(`${serviceTask('task')}<bpmn:boundaryEvent id="b" attachedToRef="task" />`),
        'b',
        /needs an event definition/,
      );
    });

    it('rejects a boundary event attached to something other than a task', async () => {
      await expectInlineRejected(
        bpmnXml(`<bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" />
          <bpmn:boundaryEvent id="b" attachedToRef="gw"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
          <bpmn:sequenceFlow id="f" sourceRef="start" targetRef="gw" />`),
        'b',
        /only be attached to an activity \(a task, a sub-process or a call activity\), not to a bpmn:ExclusiveGateway/,
      );
    });
  });

  describe('sequence flows and gateways', () => {
    it('rejects a condition that is not valid FEEL', async () => {
      await expectFixtureRejected(
        'bad-feel-condition.bpmn',
        'to-yes',
        /the condition 'amount >' is not valid FEEL: .+/,
      );
    });

    it('rejects a condition written without "="', async () => {
      const xml = bpmnXml(`<bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" />
        <bpmn:endEvent id="a" /><bpmn:endEvent id="b" />
        <bpmn:sequenceFlow id="f" sourceRef="start" targetRef="gw" />
        <bpmn:sequenceFlow id="to-a" sourceRef="gw" targetRef="a"><bpmn:conditionExpression>x &gt; 1</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="to-b" sourceRef="gw" targetRef="b"><bpmn:conditionExpression>=x &lt;= 1</bpmn:conditionExpression></bpmn:sequenceFlow>`);
      await expectInlineRejected(xml, 'to-a', /must be a FEEL expression starting with '='/);
    });

    it('rejects an input mapping source that is not valid FEEL', async () => {
      await expectFixtureRejected(
        'bad-feel-io-mapping.bpmn',
        'task1',
        /input mapping to 'x': the source 'a \+' is not valid FEEL/,
      );
    });

    it('rejects any other "=" expression that is not valid FEEL', async () => {
      await expectFixtureRejected(
        'bad-feel-expression.bpmn',
        'approve',
        /the assignee 'if owner then' is not valid FEEL/,
      );
    });

    it('rejects an exclusive gateway with an outgoing flow lacking a condition', async () => {
      await expectFixtureRejected(
        'xor-missing-condition.bpmn',
        'decide',
        /outgoing flow 'to-no' has no condition/,
      );
    });

    it('accepts an exclusive gateway with a single unconditional outgoing flow', async () => {
      const graphs = await parseBpmn(
        bpmnXml(`<bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" /><bpmn:endEvent id="end" />
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" /><bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="end" />`),
        'single.bpmn',
      );
      expect(graphs).to.have.length(1);
    });

    it('rejects a default flow that does not leave the gateway', async () => {
      await expectInlineRejected(
        bpmnXml(`<bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" default="f1" /><bpmn:endEvent id="end" />
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" /><bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="end" />`),
        'gw',
        /default flow 'f1' is not an outgoing sequence flow/,
      );
    });

    it('rejects a conditional outgoing flow of a parallel gateway', async () => {
      await expectFixtureRejected(
        'parallel-conditional-flow.bpmn',
        'fork',
        /flow 'to-right' of a parallel gateway has a condition/,
      );
    });

    it('rejects a conditional flow leaving a task', async () => {
      await expectInlineRejected(
        bpmnXml(`<bpmn:startEvent id="start" />${serviceTask('task')}<bpmn:endEvent id="end" />
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
          <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"><bpmn:conditionExpression>=ok</bpmn:conditionExpression></bpmn:sequenceFlow>`),
        'f2',
        /only supported on the outgoing flows of an exclusive gateway/,
      );
    });

    it('rejects a sequence flow to an element that does not exist', async () => {
      await expectInlineRejected(
        bpmnXml(
          '<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f" sourceRef="start" targetRef="nowhere" />',
        ),
        'f',
        /target 'nowhere' is not an element of process 'inline'/,
      );
    });
  });
});
