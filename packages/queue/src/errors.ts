/**
 * The consumer no longer holds the message: its lease lapsed (no renew in time) and the message was
 * handed back, or it was already settled. Whoever holds it now owns it; stop working on this delivery.
 */
export class LeaseLostError extends Error {
  readonly deliveryId: string;
  constructor(deliveryId: string, action: string) {
    super(`lease on message ${deliveryId} was lost before ${action} (it lapsed or was settled elsewhere)`);
    this.name = 'LeaseLostError';
    this.deliveryId = deliveryId;
  }
}
