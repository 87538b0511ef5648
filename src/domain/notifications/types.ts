export const CHANNELS = ['sms', 'letter'] as const;
/** sms: a text message to a phone number; letter: a paper letter to a postal address. */
export type Channel = (typeof CHANNELS)[number];

/**
 * pending → sending → sent, or back to pending (a failed try with attempts left), or failed
 * (attempts used up). A sending row whose claim has expired is taken over by any dispatcher.
 */
export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface Notification {
  id: string;
  petitionId: string;
  petitionNumber: string | null;
  channel: Channel;
  /** Phone number (sms) or postal address (letter), as given. */
  recipient: string;
  template: string;
  params: Record<string, unknown>;
  /** The rendered text. */
  body: string;
  status: NotificationStatus;
  /** Tries started so far. */
  attempts: number;
  lastError: string | null;
  idempotencyKey: string;
  /** ISO 8601 (UTC). */
  createdAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
}
