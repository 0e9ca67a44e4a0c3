export interface SentMessage {
  /** The provider's id for the message, to match its delivery receipts; null when it gives none. */
  providerMessageId: string | null;
}

export interface SmsSender {
  send(message: { to: string; text: string }): Promise<SentMessage>;
  close?(): Promise<void>;
}

export interface EmailSender {
  send(message: { to: string; subject: string; text: string }): Promise<SentMessage>;
  close?(): Promise<void>;
}

export interface NotificationSenders {
  sms: SmsSender;
  email: EmailSender;
}

/**
 * A sending failure an adapter understood. `code` is stored and logged, so it never quotes the
 * provider's message (which may contain the recipient); `retryable` says whether trying again
 * later can help (a 5xx, a timeout) or not (a refused number, a malformed request).
 */
export class DeliveryError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
  ) {
    super(`Delivery failed: ${code}`);
  }
}
