export {
  OutboxDispatcher,
  exponentialBackoff,
  type DispatchResult,
  type OutboxDispatcherOptions,
} from './dispatcher.js';
export { NotificationError, SendError, type NotificationErrorCode } from './errors.js';
export { enqueue, getNotification, listNotifications, type EnqueueInput } from './outbox.js';
export {
  HttpSmsSender,
  LogSender,
  maskRecipient,
  senderByChannel,
  type HttpSmsSenderOptions,
  type Sender,
} from './senders.js';
export {
  DEFAULT_SIGNATURE,
  NOTIFICATION_TEMPLATES,
  TEMPLATE_NAMES,
  isTemplateName,
  renderNotification,
  type NotificationTemplate,
  type TemplateName,
} from './templates.js';
export { CHANNELS, type Channel, type Notification, type NotificationStatus } from './types.js';
