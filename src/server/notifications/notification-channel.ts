export interface SentMessage {
  /** The provider's id for the message, to match its delivery receipts; null when it gives none. */
  providerMessageId: string | null;
}

export interface SmsSender {
  /** `reference` is the message's own id: a provider that honours it never sends the same reference twice. */
  send(message: { to: string; text: string; reference: string }): Promise<SentMessage>;
  /** Asks the provider whether it has the message with this reference: undefined when it never got it. */
  lookup?(reference: string): Promise<SentMessage | undefined>;
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
 * later can help (a 5xx) or not (a refused number, a malformed request). `outcomeUnknown`: the
 * request may have reached the provider (a timeout, a connection cut mid-answer), so the message
 * is reconciled with the provider before it is ever sent again.
 */
export class DeliveryError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    readonly outcomeUnknown = false,
  ) {
    super(`Delivery failed: ${code}`);
  }
}
