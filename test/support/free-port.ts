import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A free loopback port, for servers that must be named before they start (PHD_PEERS, Virtuoso's ini).
 * @returns the port.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
