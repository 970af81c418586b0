-- Deliveries of a job that started running and never settled (the worker died or lost its lease mid-run).
-- They are not the job's attempts (a crash is not the job failing), but a job that keeps killing its
-- workers is poison: the worker dead-letters it once this reaches POISON_DELIVERIES.

ALTER TABLE job ADD COLUMN unsettled_deliveries int NOT NULL DEFAULT 0;
