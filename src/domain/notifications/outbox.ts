// Queueing notifications. A worker only writes a row here; the OutboxDispatcher delivers it
// later, so a job never waits for (or fails because of) the SMS gateway.
import { z } from 'zod';
import { NotificationError } from './errors.js';
import {
  insertNotification,
  selectNotification,
  selectNotificationByKey,
  selectNotifications,
  type Queryable,
} from './store.js';
import { renderNotification } from './templates.js';
import { CHANNELS, type Channel, type Notification, type NotificationStatus } from './types.js';

export interface EnqueueInput {
  /** app.petitions.id */
  petitionId: string | number;
  /** XF-2026-000123, when the caller has it. */
  petitionNumber?: string;
  channel: Channel;
  /** Phone number (sms) or postal address (letter). */
  recipient: string;
  /** A name from NOTIFICATION_TEMPLATES. */
  template: string;
  params: Record<string, unknown>;
  /** The worker's job key: queueing again with the same key returns the row already queued. */
  idempotencyKey: string;
  /** When it is queued and first due (the caller's clock); default now. */
  at?: Date;
  /** SMS signature; default 云溪县信访局. */
  signature?: string;
}

const id = z.union([z.string().regex(/^[1-9]\d{0,18}$/), z.number().int().positive()]).transform(String);
const text = z.string().trim().min(1);

const enqueueSchema = z.object({
  petitionId: id,
  petitionNumber: text.optional(),
  channel: z.enum(CHANNELS),
  recipient: text.max(300),
  template: text,
  idempotencyKey: text.max(300),
  at: z.date().optional(),
  signature: text.max(20).optional(),
});

function invalidInput(error: z.ZodError): NotificationError {
  const issues = error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  return new NotificationError(
    `通知参数无效：${issues.join('；')}`,
    `Invalid notification: ${issues.join('; ')}`,
    'invalid-input',
  );
}

/**
 * Renders the template and queues the message. Idempotent by `idempotencyKey`: the second call
 * returns the row queued by the first with `created: false` (and refuses a key reused for a
 * different recipient or template).
 */
export async function enqueue(
  db: Queryable,
  input: EnqueueInput,
): Promise<{ notification: Notification; created: boolean }> {
  const parsed = enqueueSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const request = parsed.data;
  const rendered = renderNotification(request.template, input.params, { signature: request.signature });
  const inserted = await insertNotification(db, {
    petitionId: request.petitionId,
    petitionNumber: request.petitionNumber ?? null,
    channel: request.channel,
    recipient: request.recipient,
    template: request.template,
    params: rendered.params,
    body: rendered.body,
    idempotencyKey: request.idempotencyKey,
    at: request.at ?? new Date(),
  });
  if (inserted !== undefined) return { notification: inserted, created: true };

  const existing = await selectNotificationByKey(db, request.idempotencyKey);
  if (existing === undefined) throw new Error(`Notification with key ${request.idempotencyKey} vanished`);
  if (
    existing.petitionId !== request.petitionId ||
    existing.channel !== request.channel ||
    existing.recipient !== request.recipient ||
    existing.template !== request.template
  ) {
    throw new NotificationError(
      `幂等键“${request.idempotencyKey}”已用于另一条通知（${existing.id}）`,
      `Idempotency key ${request.idempotencyKey} already queued notification ${existing.id} ` +
        `(${existing.template} to petition ${existing.petitionId})`,
      'idempotency-conflict',
    );
  }
  return { notification: existing, created: false };
}

export async function getNotification(db: Queryable, notificationId: string | number): Promise<Notification> {
  const key = String(notificationId);
  const found = /^[1-9]\d{0,18}$/.test(key) ? await selectNotification(db, key) : undefined;
  if (found === undefined) {
    throw new NotificationError(`通知 ${key} 不存在`, `Notification ${key} does not exist`, 'not-found');
  }
  return found;
}

/** Notifications of one petition and/or status, oldest first. */
export async function listNotifications(
  db: Queryable,
  filter: { petitionId?: string | number; status?: NotificationStatus } = {},
): Promise<Notification[]> {
  const petitionId = filter.petitionId === undefined ? undefined : String(filter.petitionId);
  if (petitionId !== undefined && !/^[1-9]\d{0,18}$/.test(petitionId)) return [];
  return selectNotifications(db, { petitionId, status: filter.status });
}
