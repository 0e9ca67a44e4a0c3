import net from 'node:net';

export interface NetworkGate {
  /** The address to browse instead of the server's: the same server, behind the gate. */
  url: string;
  /** Closed: every connection is cut and new ones refused, for pages, service workers and the browser itself. */
  setOpen(open: boolean): void;
  close(): Promise<void>;
}

/**
 * A TCP relay in front of the test server that the test can cut, as airplane mode would. Browser
 * emulation alone (`context.setOffline`) does not reach everything: Chromium can start the service
 * worker for a Background Sync before the test's settings apply to it.
 */
export async function startNetworkGate(serverUrl: string): Promise<NetworkGate> {
  const target = new URL(serverUrl);
  const sockets = new Set<net.Socket>();
  let open = true;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const relay = net.createServer((client) => {
    track(client);
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), '127.0.0.1');
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address();
  if (!address || typeof address === 'string') throw new Error('The network gate has no port');
  return {
    url: `http://localhost:${address.port}`,
    setOpen(next) {
      open = next;
      if (!open) sockets.forEach((socket) => socket.destroy());
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        relay.close(() => resolve());
      }),
  };
}
