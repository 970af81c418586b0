-- A job's status change is announced on the channel kuduso_job (payload: the job id), so the API's event
-- streams push it at once instead of waiting for their next read. Only the id travels: a listener re-reads
-- the job inside its tenant's transaction, so the notification reveals nothing across tenants. A trigger
-- covers every writer (worker, API cancel, maintenance) on PostgreSQL and PGlite alike.
CREATE OR REPLACE FUNCTION kuduso_job_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kuduso_job', NEW.id::text);
  RETURN NULL;
END $$;

CREATE TRIGGER job_notify AFTER UPDATE ON job FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status
        OR OLD.attempts IS DISTINCT FROM NEW.attempts
        OR OLD.last_error IS DISTINCT FROM NEW.last_error)
  EXECUTE FUNCTION kuduso_job_notify();
