// Where a notification goes: the log (default, for development and counties without an SMS
// gateway), an HTTP SMS gateway, or one sender per channel.
import type { Logger } from 'pino';
import { toError } from '../../lib/errors.js';
import { SendError } from './errors.js';
import type { Channel, Notification } from './types.js';

/**
 * Delivers one notification. Resolves when the recipient's carrier (or gateway) has taken it;
 * rejects when it has not, and the dispatcher tries again later. A sender may be asked to send
 * the same notification twice (see OutboxDispatcher); `idempotencyKey` lets a gateway drop the
 * repeat.
 */
export interface Sender {
  send(notification: Notification): Promise<void>;
}

/** 13812345678 → 138****5678 (+86 kept); anything else keeps its first and last characters only. */
export function maskRecipient(recipient: string): string {
  const phone = /^((?:\+?86)?1\d{2})\d{4}(\d{4})$/.exec(recipient);
  if (phone !== null) return `${phone[1]}****${phone[2]}`;
  if (recipient.length <= 2) return '*'.repeat(recipient.length);
  return `${recipient.slice(0, 1)}${'*'.repeat(Math.min(recipient.length - 2, 8))}${recipient.slice(-1)}`;
}

/** Writes the message to the log instead of sending it; the recipient is masked. */
export class LogSender implements Sender {
  constructor(private readonly logger: Logger) {}

  send(notification: Notification): Promise<void> {
    this.logger.info(
      {
        notificationId: notification.id,
        channel: notification.channel,
        to: maskRecipient(notification.recipient),
        template: notification.template,
        body: notification.body,
      },
      'notification (logged, not sent)',
    );
    return Promise.resolve();
  }
}

export interface HttpSmsSenderOptions {
  /** The gateway's endpoint; it receives POST JSON {id, to, body, template, idempotencyKey}. */
  url: string;
  /** Give up on one request after this long (default 10 s). */
  timeoutMs?: number;
  /** Extra headers, e.g. an API key. */
  headers?: Record<string, string>;
}

/**
 * Posts each SMS as JSON to a gateway. A 2xx answer is success; any other status, a network
 * error or the timeout is a failure (SendError). The `Idempotency-Key` header carries the
 * notification's key so that a gateway can drop a repeat.
 */
export class HttpSmsSender implements Sender {
  private readonly url: URL;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpSmsSenderOptions) {
    this.url = new URL(options.url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new Error(`SMS gateway URL must be http(s), got ${this.url.protocol}`);
    }
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async send(notification: Notification): Promise<void> {
    if (notification.channel !== 'sms') {
      throw new SendError(
        `HttpSmsSender sends SMS only, not ${notification.channel} (notification ${notification.id})`,
      );
    }
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          ...this.options.headers,
          'content-type': 'application/json',
          'idempotency-key': notification.idempotencyKey,
        },
        body: JSON.stringify({
          id: notification.id,
          to: notification.recipient,
          body: notification.body,
          template: notification.template,
          idempotencyKey: notification.idempotencyKey,
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error: unknown) {
      const cause = toError(error);
      const reason = cause.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : cause.message;
      throw new SendError(`SMS gateway ${this.url.host}: ${reason}`, undefined, { cause });
    }
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    const answer = (await response.text().catch(() => '')).slice(0, 200);
    throw new SendError(
      `SMS gateway ${this.url.host} answered ${response.status}${answer === '' ? '' : `: ${answer}`}`,
      response.status,
    );
  }
}

/** One sender per channel, e.g. SMS through the gateway and paper letters to the log. */
export function senderByChannel(senders: Readonly<Record<Channel, Sender>>): Sender {
  return { send: (notification) => senders[notification.channel].send(notification) };
}
