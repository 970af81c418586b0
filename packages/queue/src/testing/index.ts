// @kuduso/queue/testing: test support (the Service Bus fake). Not part of the production barrel.
export * from './servicebus-fake.ts';
