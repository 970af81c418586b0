// Is this error the database being unavailable (down, restarting, in recovery, unreachable, timed out)
// rather than a bug? Then the worker pauses and probes instead of failing jobs or crashing. The database
// driver's own classification (the same one that makes the API answer 503), so the two never disagree.
export { isDatabaseUnavailable } from '@kuduso/db';
