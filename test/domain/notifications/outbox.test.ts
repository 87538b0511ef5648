import { expect } from 'chai';
import { pino } from 'pino';
import {
  NotificationError,
  OutboxDispatcher,
  enqueue,
  getNotification,
  listNotifications,
  type EnqueueInput,
  type Notification,
  type OutboxDispatcherOptions,
  type Sender,
} from '../../../src/domain/notifications/index.js';
import { claimDue } from '../../../src/domain/notifications/store.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const logger = pino({ level: 'silent' });
const T0 = new Date('2026-01-05T09:00:00+08:00');
const later = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

let keys = 0;

function acceptedSms(overrides: Partial<EnqueueInput> = {}): EnqueueInput {
  return {
    petitionId: 123,
    petitionNumber: 'XF-2026-000123',
    channel: 'sms',
    recipient: '13812345678',
    template: 'accepted',
    params: { petitionNumber: 'XF-2026-000123', unitName: '县住建局' },
    idempotencyKey: `job-${++keys}`,
    at: T0,
    ...overrides,
  };
}

/** Records what it sends; fails the first `failures` sends of each notification (or all, with Infinity). */
class FakeSender implements Sender {
  readonly sent: Notification[] = [];
  private readonly tries = new Map<string, number>();

  constructor(
    private readonly failures = 0,
    private readonly jitter = false,
  ) {}

  async send(notification: Notification): Promise<void> {
    // Lets the other dispatcher's statements in between, without waiting for wall time.
    if (this.jitter) for (let i = Math.floor(Math.random() * 4); i > 0; i--) await new Promise(setImmediate);
    const tried = (this.tries.get(notification.id) ?? 0) + 1;
    this.tries.set(notification.id, tried);
    if (tried <= this.failures) throw new Error(`gateway refused try ${tried}`);
    this.sent.push(notification);
  }
}

describe('notification outbox', () => {
  let db: TestDatabase;
  before(async () => (db = await createTestDatabase()));
  after(() => db.drop());

  // Each test starts with an empty outbox, so a dispatcher sees only that test's rows.
  beforeEach(() => db.pool.query('DELETE FROM app.notifications'));

  function dispatcher(sender: Sender, options: Partial<OutboxDispatcherOptions> = {}): OutboxDispatcher {
    return new OutboxDispatcher(db.pool, { logger, sender, ...options });
  }

  describe('enqueue', () => {
    it('queues the rendered message, due at once', async () => {
      const { notification, created } = await enqueue(db.pool, acceptedSms());
      expect(created).to.equal(true);
      expect(notification).to.include({
        petitionId: '123',
        petitionNumber: 'XF-2026-000123',
        channel: 'sms',
        recipient: '13812345678',
        template: 'accepted',
        status: 'pending',
        attempts: 0,
        lastError: null,
        sentAt: null,
        createdAt: T0.toISOString(),
        nextAttemptAt: T0.toISOString(),
      });
      expect(notification.body).to.contain('已由县住建局受理');
      expect(notification.params).to.deep.equal({ petitionNumber: 'XF-2026-000123', unitName: '县住建局' });
      expect(await getNotification(db.pool, notification.id)).to.deep.equal(notification);
    });

    it('returns the queued row for a repeated idempotency key', async () => {
      const input = acceptedSms();
      const first = await enqueue(db.pool, input);
      const again = await enqueue(db.pool, { ...input, at: later(MINUTE) });
      expect(again.created).to.equal(false);
      expect(again.notification).to.deep.equal(first.notification);
      expect(await listNotifications(db.pool, { petitionId: 123 })).to.have.length(1);
    });

    it('queues one row when the same job runs several times at once', async () => {
      const input = acceptedSms();
      const results = await Promise.all(Array.from({ length: 5 }, () => enqueue(db.pool, input)));
      expect(results.filter((r) => r.created)).to.have.length(1);
      expect(new Set(results.map((r) => r.notification.id)).size).to.equal(1);
    });

    it('refuses a key reused for another recipient', async () => {
      const input = acceptedSms();
      await enqueue(db.pool, input);
      try {
        await enqueue(db.pool, { ...input, recipient: '13900000000' });
        expect.fail('expected an idempotency conflict');
      } catch (error: unknown) {
        expect(error).to.be.instanceOf(NotificationError);
        expect((error as NotificationError).code).to.equal('idempotency-conflict');
      }
    });

    it('queues nothing when a template parameter is missing', async () => {
      try {
        await enqueue(db.pool, acceptedSms({ params: { petitionNumber: 'XF-2026-000123' } }));
        expect.fail('expected invalid params');
      } catch (error: unknown) {
        expect(error).to.be.instanceOf(NotificationError);
        expect((error as NotificationError).code).to.equal('invalid-params');
        expect((error as NotificationError).message).to.contain('缺少参数 unitName');
      }
      expect(await listNotifications(db.pool)).to.deep.equal([]);
    });

    it('refuses an unknown channel', async () => {
      try {
        await enqueue(db.pool, acceptedSms({ channel: 'email' as 'sms' }));
        expect.fail('expected invalid input');
      } catch (error: unknown) {
        expect((error as NotificationError).code).to.equal('invalid-input');
        expect((error as NotificationError).message).to.contain('channel');
      }
    });
  });

  describe('dispatcher', () => {
    it('sends what is due and marks it sent', async () => {
      const { notification } = await enqueue(db.pool, acceptedSms());
      await enqueue(db.pool, acceptedSms({ at: later(10 * MINUTE) })); // not due yet
      const sender = new FakeSender();

      expect(await dispatcher(sender).runOnce(later(MINUTE))).to.deep.equal({
        sent: 1,
        retrying: 0,
        failed: 0,
      });
      expect(sender.sent.map((n) => n.id)).to.deep.equal([notification.id]);
      expect(sender.sent[0]!.body).to.equal(notification.body);
      expect(await getNotification(db.pool, notification.id)).to.include({
        status: 'sent',
        attempts: 1,
        sentAt: later(MINUTE).toISOString(),
      });
      expect(await dispatcher(sender).runOnce(later(2 * MINUTE))).to.deep.equal({
        sent: 0,
        retrying: 0,
        failed: 0,
      });
    });

    it('retries a failing send with back-off, then marks it failed after the last attempt', async () => {
      const { notification } = await enqueue(db.pool, acceptedSms());
      const sender = new FakeSender(Infinity);
      const outbox = dispatcher(sender, { maxAttempts: 3, backoff: (failed) => failed * MINUTE });

      expect(await outbox.runOnce(T0)).to.deep.equal({ sent: 0, retrying: 1, failed: 0 });
      let row = await getNotification(db.pool, notification.id);
      expect(row).to.include({ status: 'pending', attempts: 1, lastError: 'gateway refused try 1' });
      expect(row.nextAttemptAt).to.equal(later(MINUTE).toISOString());

      // Not before its back-off has passed.
      expect(await outbox.runOnce(later(MINUTE - 1))).to.deep.equal({ sent: 0, retrying: 0, failed: 0 });

      expect(await outbox.runOnce(later(MINUTE))).to.deep.equal({ sent: 0, retrying: 1, failed: 0 });
      row = await getNotification(db.pool, notification.id);
      expect(row).to.include({ status: 'pending', attempts: 2, lastError: 'gateway refused try 2' });
      expect(row.nextAttemptAt).to.equal(later(3 * MINUTE).toISOString());

      expect(await outbox.runOnce(later(3 * MINUTE))).to.deep.equal({ sent: 0, retrying: 0, failed: 1 });
      row = await getNotification(db.pool, notification.id);
      expect(row).to.include({
        status: 'failed',
        attempts: 3,
        lastError: 'gateway refused try 3',
        sentAt: null,
      });

      expect(await outbox.runOnce(later(60 * MINUTE))).to.deep.equal({ sent: 0, retrying: 0, failed: 0 });
      expect(sender.sent).to.deep.equal([]);
    });

    it('sends on a later attempt after a failure', async () => {
      const { notification } = await enqueue(db.pool, acceptedSms());
      const outbox = dispatcher(new FakeSender(1), { backoff: () => MINUTE });
      await outbox.runOnce(T0);
      expect(await outbox.runOnce(later(MINUTE))).to.deep.equal({ sent: 1, retrying: 0, failed: 0 });
      expect(await getNotification(db.pool, notification.id)).to.include({ status: 'sent', attempts: 2 });
    });

    it('never sends one notification twice when two dispatchers run side by side', async () => {
      const queued = await Promise.all(
        Array.from({ length: 60 }, (_, i) => enqueue(db.pool, acceptedSms({ petitionId: 1000 + i }))),
      );
      const sender = new FakeSender(0, true);
      const byDispatcher = { first: 0, second: 0 };
      const counted = (name: keyof typeof byDispatcher): Sender => ({
        send: async (n) => {
          await sender.send(n);
          byDispatcher[name]++;
        },
      });
      const first = dispatcher(counted('first'), { batchSize: 7 });
      const second = dispatcher(counted('second'), { batchSize: 7 });

      for (let round = 0; round < 30; round++) {
        const results = await Promise.all([first.runOnce(later(MINUTE)), second.runOnce(later(MINUTE))]);
        if (results.every((r) => r.sent === 0)) break;
      }
      const sentIds = sender.sent.map((n) => n.id).sort();
      expect(sentIds).to.deep.equal(queued.map((q) => q.notification.id).sort());
      const rows = await listNotifications(db.pool, { status: 'sent' });
      expect(rows.map((n) => n.attempts)).to.deep.equal(Array<number>(60).fill(1));
      // Both took part: the test raced them rather than running one after the other.
      expect(byDispatcher.first).to.be.greaterThan(0);
      expect(byDispatcher.second).to.be.greaterThan(0);
    });

    it('takes over a claim that was never finished after the claim timeout, and sends it again', async () => {
      const { notification } = await enqueue(db.pool, acceptedSms());
      // A dispatcher claimed it (and may have sent it), then died before recording the outcome.
      const claimed = await claimDue(db.pool, {
        now: T0,
        claimUntil: later(5 * MINUTE),
        limit: 10,
        maxAttempts: 5,
      });
      expect(claimed.map((n) => n.id)).to.deep.equal([notification.id]);

      const sender = new FakeSender();
      const outbox = dispatcher(sender, { claimTimeoutMs: 5 * MINUTE });
      expect(await outbox.runOnce(later(4 * MINUTE))).to.deep.equal({ sent: 0, retrying: 0, failed: 0 });
      expect(await outbox.runOnce(later(5 * MINUTE))).to.deep.equal({ sent: 1, retrying: 0, failed: 0 });
      expect(await getNotification(db.pool, notification.id)).to.include({ status: 'sent', attempts: 2 });
    });

    it('marks an unfinished claim failed when it was the last attempt', async () => {
      const { notification } = await enqueue(db.pool, acceptedSms());
      await claimDue(db.pool, { now: T0, claimUntil: later(MINUTE), limit: 10, maxAttempts: 1 });

      const sender = new FakeSender();
      expect(await dispatcher(sender, { maxAttempts: 1 }).runOnce(later(MINUTE))).to.deep.equal({
        sent: 0,
        retrying: 0,
        failed: 0,
      });
      const row = await getNotification(db.pool, notification.id);
      expect(row).to.include({ status: 'failed', attempts: 1 });
      expect(row.lastError).to.contain('did not report back');
      expect(sender.sent).to.deep.equal([]);
    });

    it('polls after start() and stops cleanly', async () => {
      let delivered: (n: Notification) => void = () => {};
      const arrived = new Promise<Notification>((resolve) => (delivered = resolve));
      const outbox = dispatcher(
        {
          send: (n) => {
            delivered(n);
            return Promise.resolve();
          },
        },
        { pollIntervalMs: 5, clock: () => later(MINUTE) },
      );
      outbox.start();
      try {
        const { notification } = await enqueue(db.pool, acceptedSms());
        expect((await arrived).id).to.equal(notification.id);
      } finally {
        await outbox.stop();
      }
      const [row] = await listNotifications(db.pool);
      expect(row).to.include({ status: 'sent' });
    });
  });
});
