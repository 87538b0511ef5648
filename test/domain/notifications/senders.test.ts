import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { pino } from 'pino';
import {
  HttpSmsSender,
  LogSender,
  SendError,
  maskRecipient,
  senderByChannel,
  type Notification,
} from '../../../src/domain/notifications/index.js';

const notification: Notification = {
  id: '42',
  petitionId: '123',
  petitionNumber: 'XF-2026-000123',
  channel: 'sms',
  recipient: '13812345678',
  template: 'accepted',
  params: {},
  body: '【云溪县信访局】您好！您反映的信访事项（编号XF-2026-000123）已由县住建局受理。',
  status: 'sending',
  attempts: 1,
  lastError: null,
  idempotencyKey: 'job-42',
  createdAt: '2026-01-05T01:00:00.000Z',
  nextAttemptAt: '2026-01-05T01:05:00.000Z',
  sentAt: null,
};

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** A gateway on 127.0.0.1 that answers every request with `respond`. */
async function gateway(
  respond: (response: http.ServerResponse) => void,
): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      });
      respond(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms/send`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function sendError(work: Promise<void>): Promise<SendError> {
  try {
    await work;
  } catch (error: unknown) {
    expect(error).to.be.instanceOf(SendError);
    return error as SendError;
  }
  expect.fail('expected a SendError');
}

describe('notification senders', () => {
  describe('HttpSmsSender', () => {
    it('posts the SMS as JSON with the idempotency key and resolves on 2xx', async () => {
      const server = await gateway((response) => response.writeHead(202).end('{"queued":true}'));
      try {
        await new HttpSmsSender({ url: server.url, headers: { 'x-api-key': 'k1' } }).send(notification);
        expect(server.received).to.have.length(1);
        const [request] = server.received;
        expect(request).to.include({ method: 'POST', url: '/sms/send' });
        expect(request!.headers).to.include({
          'content-type': 'application/json',
          'idempotency-key': 'job-42',
          'x-api-key': 'k1',
        });
        expect(request!.body).to.deep.equal({
          id: '42',
          to: '13812345678',
          body: notification.body,
          template: 'accepted',
          idempotencyKey: 'job-42',
        });
      } finally {
        await server.close();
      }
    });

    it('fails on a non-2xx answer, with the status and the start of the answer', async () => {
      const server = await gateway((response) => response.writeHead(503).end('gateway busy'));
      try {
        const error = await sendError(new HttpSmsSender({ url: server.url }).send(notification));
        expect(error.status).to.equal(503);
        expect(error.message).to.contain('503');
        expect(error.message).to.contain('gateway busy');
      } finally {
        await server.close();
      }
    });

    it('fails when the gateway does not answer in time', async () => {
      const server = await gateway(() => {}); // never answers
      try {
        const error = await sendError(
          new HttpSmsSender({ url: server.url, timeoutMs: 50 }).send(notification),
        );
        expect(error.status).to.equal(undefined);
        expect(error.message).to.contain('no answer within 50 ms');
      } finally {
        await server.close();
      }
    });

    it('fails when nothing listens', async () => {
      const server = await gateway((response) => response.end());
      await server.close();
      const error = await sendError(
        new HttpSmsSender({ url: server.url, timeoutMs: 2000 }).send(notification),
      );
      expect(error.message).to.contain('SMS gateway 127.0.0.1');
    });

    it('sends SMS only', async () => {
      const sender = new HttpSmsSender({ url: 'http://127.0.0.1:9/' });
      const error = await sendError(sender.send({ ...notification, channel: 'letter' }));
      expect(error.message).to.contain('SMS only');
    });

    it('refuses a gateway URL that is not http(s)', () => {
      expect(() => new HttpSmsSender({ url: 'ftp://example.test/' })).to.throw('http(s)');
    });
  });

  describe('LogSender', () => {
    it('logs the message with the phone number masked', async () => {
      const lines: string[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
      await new LogSender(logger).send(notification);
      expect(lines).to.have.length(1);
      const logged = JSON.parse(lines[0]!) as Record<string, unknown>;
      expect(logged).to.include({ to: '138****5678', body: notification.body, notificationId: '42' });
      expect(lines[0]).not.to.contain('13812345678');
    });

    it('masks addresses and short recipients too', () => {
      expect(maskRecipient('+8613812345678')).to.equal('+86138****5678');
      expect(maskRecipient('城关镇幸福路1号')).to.equal('城******号');
      expect(maskRecipient('ab')).to.equal('**');
    });
  });

  describe('senderByChannel', () => {
    it('hands each notification to the sender of its channel', async () => {
      const seen: string[] = [];
      const sender = senderByChannel({
        sms: { send: (n) => Promise.resolve(void seen.push(`sms:${n.id}`)) },
        letter: { send: (n) => Promise.resolve(void seen.push(`letter:${n.id}`)) },
      });
      await sender.send(notification);
      await sender.send({ ...notification, id: '43', channel: 'letter' });
      expect(seen).to.deep.equal(['sms:42', 'letter:43']);
    });
  });
});
