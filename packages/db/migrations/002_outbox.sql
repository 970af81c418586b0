-- Rows written in the same transaction as the job, published later by a relay to an external broker
-- (RabbitMQ, Azure Service Bus). pg-boss does not need it: its message commits with the job row.

CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  attempts int NOT NULL DEFAULT 0,
  last_error text
);

CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
