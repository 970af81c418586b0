// The part of @azure/service-bus's API the adapter uses, as narrow structural types: the SDK's
// ServiceBusClient satisfies them, and so does the protocol-faithful fake the tests run against
// (@kuduso/queue/testing). Anything the adapter calls must be listed here, so the fake covers all of it.

export interface SbMessage {
  body: unknown;
  messageId?: string;
  correlationId?: string;
  contentType?: string;
  applicationProperties?: Record<string, number | boolean | string | Date | null>;
}

export interface SbReceivedMessage extends Omit<SbMessage, 'messageId' | 'correlationId'> {
  /** The SDK types ids more widely than we send them (we only ever send strings). */
  messageId?: string | number | Buffer;
  correlationId?: string | number | Buffer;
  readonly lockToken?: string;
  readonly deliveryCount?: number;
  readonly lockedUntilUtc?: Date;
  readonly sequenceNumber?: { toString(): string } | number;
  readonly enqueuedTimeUtc?: Date;
  readonly deadLetterReason?: string;
  readonly deadLetterErrorDescription?: string;
}

export interface SbSender {
  sendMessages(messages: SbMessage | SbMessage[]): Promise<void>;
  scheduleMessages(messages: SbMessage | SbMessage[], scheduledEnqueueTimeUtc: Date): Promise<unknown>;
  close(): Promise<void>;
}

export interface SbReceiver {
  receiveMessages(
    maxMessageCount: number,
    options?: { maxWaitTimeInMs?: number },
  ): Promise<SbReceivedMessage[]>;
  peekMessages(maxMessageCount: number): Promise<SbReceivedMessage[]>;
  completeMessage(message: SbReceivedMessage): Promise<void>;
  abandonMessage(message: SbReceivedMessage): Promise<void>;
  deadLetterMessage(
    message: SbReceivedMessage,
    options?: { deadLetterReason?: string; deadLetterErrorDescription?: string },
  ): Promise<void>;
  renewMessageLock(message: SbReceivedMessage): Promise<Date>;
  close(): Promise<void>;
}

export interface SbClient {
  createSender(queueName: string): SbSender;
  createReceiver(
    queueName: string,
    options?: { receiveMode?: 'peekLock'; subQueueType?: 'deadLetter' },
  ): SbReceiver;
  close(): Promise<void>;
}

/** Queue counts (the SDK's ServiceBusAdministrationClient.getQueueRuntimeProperties). */
export interface SbAdmin {
  getQueueRuntimeProperties(
    queueName: string,
  ): Promise<{ activeMessageCount: number; scheduledMessageCount: number }>;
}

/** The SDK's ServiceBusError codes we act on. */
export function isLockLost(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'MessageLockLost' || code === 'SessionLockLost';
}
