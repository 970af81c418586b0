// LISTEN on PostgreSQL needs a session of its own: a pooled connection goes back to other callers after
// each statement. One client per Db serves every channel. When it is lost (a restart, a network cut) it
// reconnects every few seconds while anyone listens; the listeners' own polling covers the gap, so
// listen() never fails a caller for an outage.
import pg from 'pg';

type Handler = (payload: string) => void;

const RECONNECT_MS = 2000;

const quote = (channel: string) => `"${channel.replaceAll('"', '""')}"`;

export function pgListener(url: string, applicationName: string) {
  const handlers = new Map<string, Set<Handler>>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const scheduleReconnect = () => {
    if (closed || retry || handlers.size === 0) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch(scheduleReconnect);
    }, RECONNECT_MS);
    retry.unref();
  };

  const lost = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    c.end().catch(() => {});
    scheduleReconnect();
  };

  const connect = (): Promise<pg.Client> => {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const c = new pg.Client({
        connectionString: url,
        application_name: `${applicationName}-listen`,
        connectionTimeoutMillis: 3000,
        keepAlive: true,
      });
      c.on('error', () => lost(c));
      c.on('end', () => lost(c));
      c.on('notification', (n) => {
        for (const h of handlers.get(n.channel) ?? []) h(n.payload ?? '');
      });
      try {
        await c.connect();
        for (const channel of handlers.keys()) await c.query(`LISTEN ${quote(channel)}`);
      } catch (err) {
        c.end().catch(() => {});
        throw err;
      }
      if (closed) {
        await c.end();
        throw new Error('the database is closed');
      }
      client = c;
      return c;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  return {
    async listen(channel: string, onPayload: Handler): Promise<() => Promise<void>> {
      const first = !handlers.has(channel);
      const set = handlers.get(channel) ?? new Set<Handler>();
      handlers.set(channel, set.add(onPayload));
      const wasConnected = client !== null;
      try {
        const c = await connect();
        // A fresh connection has already listened to every channel in the map.
        if (first && wasConnected) await c.query(`LISTEN ${quote(channel)}`);
      } catch {
        scheduleReconnect();
      }
      return async () => {
        set.delete(onPayload);
        if (set.size > 0 || handlers.get(channel) !== set) return;
        handlers.delete(channel);
        await client?.query(`UNLISTEN ${quote(channel)}`).catch(() => {});
      };
    },
    async close(): Promise<void> {
      closed = true;
      clearTimeout(retry);
      handlers.clear();
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
