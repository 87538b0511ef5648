import { Zeebe } from '@camunda8/sdk';
import { expect } from 'chai';
import { EngineError } from '../../../src/engine/errors.js';
import { expectGrpcError, startHarness, type Harness } from './harness.js';
import { callUnary, rawClient, type RawGateway } from './raw-gateway.js';

const INVALID_ARGUMENT = 3;
const ALREADY_EXISTS = 6;
const UNAVAILABLE = 14;

describe('gRPC gateway: messages and signals', () => {
  let h: Harness;
  let raw: RawGateway;
  beforeEach(async () => {
    h = await startHarness();
    raw = rawClient(h.gateway.port);
  });
  afterEach(async () => {
    raw.close();
    await h.close();
  });

  describe('PublishMessage', () => {
    it('hands name, correlation key, time-to-live in ms, id and variables to the engine', async () => {
      const response = await h.zbc.publishMessage({
        name: 'petition-received',
        correlationKey: 'P-9',
        timeToLive: 60_000,
        messageId: 'letter-17',
        variables: { channel: 'letter', pages: [1, 2] },
      });
      expect(h.engine.callsOf('publishMessage')).to.deep.equal([
        [
          {
            name: 'petition-received',
            correlationKey: 'P-9',
            timeToLive: 60_000,
            messageId: 'letter-17',
            variables: { channel: 'letter', pages: [1, 2] },
          },
        ],
      ]);
      const [buffered] = h.engine.bufferedMessages();
      expect(response).to.deep.equal({ key: buffered?.key, tenantId: '<default>' });
      // The fake hands out keys above 2^53: they must arrive digit for digit.
      expect(BigInt(response.key) > BigInt(Number.MAX_SAFE_INTEGER)).to.equal(true);
    });

    it('reads a typed duration as milliseconds, and absent fields as no buffering and no id', async () => {
      await h.zbc.publishMessage({
        name: 'reminder',
        correlationKey: 'P-1',
        timeToLive: Zeebe.Duration.seconds.of(30),
      });
      await h.zbc.publishMessage({ name: 'reminder', correlationKey: '' });
      const [[typed], [bare]] = h.engine.callsOf('publishMessage') as [[object], [object]];
      expect(typed).to.deep.include({ timeToLive: 30_000 });
      expect(bare).to.deep.equal({
        name: 'reminder',
        correlationKey: '',
        timeToLive: 0,
        messageId: undefined,
        variables: {},
      });
    });

    it('answers ALREADY_EXISTS for an id still buffered, and accepts it again once it expired', async () => {
      const message = { name: 'payment', correlationKey: 'order-1', timeToLive: 10_000, messageId: 'pay-1' };
      await h.zbc.publishMessage(message);
      await expectGrpcError(h.zbc.publishMessage(message), ALREADY_EXISTS, /message with id 'pay-1'/);
      // Another message name may use the same id.
      await h.zbc.publishMessage({ ...message, name: 'refund' });

      await h.engine.addClockOffset(10_001);
      const again = await h.zbc.publishMessage(message);
      expect(again.key).to.match(/^\d+$/);
      expect(h.engine.bufferedMessages().map((m) => m.name)).to.deep.equal(['payment']);
    });

    it('rejects a blank name or a negative time-to-live without asking the engine', async () => {
      await expectGrpcError(
        h.zbc.publishMessage({ name: '  ', correlationKey: 'k' }),
        INVALID_ARGUMENT,
        /PublishMessage with a non-blank name/,
      );
      await expectGrpcError(
        h.zbc.publishMessage({ name: 'm', correlationKey: 'k', timeToLive: -1 }),
        INVALID_ARGUMENT,
        /^timeToLive must not be negative, got -1$/,
      );
      expect(h.engine.callsOf('publishMessage')).to.have.length(0);
    });

    it('rejects a variables document that is not a JSON object, naming the field', async () => {
      // The SDK refuses to send such documents, so they go out through a bare client.
      const publish = (variables: string) =>
        callUnary(raw, 'PublishMessage', { name: 'm', correlationKey: 'k', variables });
      await expectGrpcError(publish('[1]'), INVALID_ARGUMENT, /^variables must be a JSON object, got array$/);
      await expectGrpcError(
        publish('{"a": '),
        INVALID_ARGUMENT,
        /^variables must be a JSON object, got invalid JSON/,
      );
      expect(h.engine.callsOf('publishMessage')).to.have.length(0);
    });

    it('rejects a tenant other than the default one', async () => {
      await expectGrpcError(
        h.zbc.publishMessage({ name: 'm', correlationKey: 'k', tenantId: 'county-b' }),
        INVALID_ARGUMENT,
        /PublishMessage.*tenantId 'county-b'/,
      );
      expect(h.engine.callsOf('publishMessage')).to.have.length(0);
    });
  });

  describe('BroadcastSignal', () => {
    it('hands the signal name and variables to the engine and answers its key', async () => {
      const response = await h.zbc.broadcastSignal({
        signalName: 'office-closed',
        variables: { reopensAt: '2025-01-02', urgent: false },
      });
      expect(h.engine.callsOf('broadcastSignal')).to.deep.equal([
        [{ signalName: 'office-closed', variables: { reopensAt: '2025-01-02', urgent: false } }],
      ]);
      // Typed as {key} in the SDK, but the response carries the tenant as well.
      expect(response).to.deep.equal({ key: response.key, tenantId: '<default>' });
      expect(BigInt(response.key) > BigInt(Number.MAX_SAFE_INTEGER)).to.equal(true);
    });

    it('reads absent variables as none', async () => {
      await h.zbc.broadcastSignal({ signalName: 'wake-up' });
      expect(h.engine.callsOf('broadcastSignal')).to.deep.equal([[{ signalName: 'wake-up', variables: {} }]]);
    });

    it('rejects a blank signal name without asking the engine', async () => {
      await expectGrpcError(
        h.zbc.broadcastSignal({ signalName: '' }),
        INVALID_ARGUMENT,
        /BroadcastSignal with a non-blank signalName/,
      );
      expect(h.engine.callsOf('broadcastSignal')).to.have.length(0);
    });

    it('rejects variables that are not a JSON object, naming the field', async () => {
      // The SDK stringifies what it is given: a string arrives as a JSON string.
      await expectGrpcError(
        h.zbc.broadcastSignal({ signalName: 's', variables: '{"a":1}' as unknown as Record<string, never> }),
        INVALID_ARGUMENT,
        /^variables must be a JSON object, got string$/,
      );
      await expectGrpcError(
        callUnary(raw, 'BroadcastSignal', { signalName: 's', variables: 'null' }),
        INVALID_ARGUMENT,
        /^variables must be a JSON object, got null$/,
      );
      expect(h.engine.callsOf('broadcastSignal')).to.have.length(0);
    });

    it('passes an engine outage on as UNAVAILABLE', async () => {
      h.engine.rejectNext('broadcastSignal', new EngineError('UNAVAILABLE', 'the database is unreachable'));
      await expectGrpcError(
        h.zbc.broadcastSignal({ signalName: 's' }),
        UNAVAILABLE,
        /the database is unreachable/,
      );
    });
  });
});
