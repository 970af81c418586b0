// Test support: a TCP proxy in front of a real PostgreSQL that can freeze (hold every byte, as a SIGSTOPped
// server does: connections are accepted by the kernel and then nothing answers) or drop (cut every connection
// and reset new ones, as a crashed server does), and then recover. For tests of a database outage that must not
// touch the shared server; the fault suite (test/faults) uses a private cluster for real restarts and crashes.
import { connect, createServer, type Socket } from 'node:net';

export interface FaultProxy {
  /** The target URL with its host and port replaced by the proxy's. */
  url: string;
  /** Hold every byte in both directions, on open and new connections, until thaw(). */
  freeze(): void;
  /** Deliver what was held and carry on. */
  thaw(): void;
  /** Cut every connection; new ones are reset at once until restore(). */
  drop(): void;
  restore(): void;
  /** Connections opened through the proxy so far. */
  readonly connections: number;
  close(): Promise<void>;
}

interface Side {
  socket: Socket;
  held: Buffer[];
}

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 5432);
  const pairs = new Set<[Side, Side]>();
  let frozen = false;
  let dropped = false;
  let connections = 0;

  // Each direction forwards by hand (not pipe()), so a frozen proxy can hold chunks without pipe resuming.
  const forward = (from: Side, to: Side) => {
    from.socket.on('data', (chunk: Buffer) => {
      if (frozen) from.held.push(chunk);
      else to.socket.write(chunk);
    });
  };

  const server = createServer((client) => {
    if (dropped) {
      client.resetAndDestroy();
      return;
    }
    connections++;
    const upstream: Side = { socket: connect(targetPort, target.hostname), held: [] };
    const pair: [Side, Side] = [{ socket: client, held: [] }, upstream];
    pairs.add(pair);
    forward(pair[0], pair[1]);
    forward(pair[1], pair[0]);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.socket.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.socket.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);

  return {
    url: url.toString(),
    get connections() {
      return connections;
    },
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const [a, b] of pairs) {
        for (const chunk of a.held.splice(0)) b.socket.write(chunk);
        for (const chunk of b.held.splice(0)) a.socket.write(chunk);
      }
    },
    drop() {
      dropped = true;
      for (const [a, b] of pairs) {
        a.socket.resetAndDestroy();
        b.socket.destroy();
      }
      pairs.clear();
    },
    restore() {
      dropped = false;
    },
    async close() {
      for (const [a, b] of pairs) {
        a.socket.destroy();
        b.socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
