import type { Server } from 'node:net';
import { createServer } from 'node:net';

/** Thrown when a local server's port is taken; the message names the setting to change. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/**
 * Starts `server` listening on `host:port` and resolves with the bound port. A taken port
 * becomes a PortInUseError that says which component wanted it and which variable moves it.
 */
export function listen(
  server: Server,
  port: number,
  host: string,
  what: { readonly description: string; readonly variable: string },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(
              `Port ${port} on ${host} is in use, so ${what.description} cannot start. ` +
                `Stop whatever uses it, or set ${what.variable} to another port (0 picks a free one).`,
            )
          : error,
      );
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Finds a port that is free right now (for a child process that must be told its port). */
export async function reservePort(
  port: number,
  host: string,
  what: { readonly description: string; readonly variable: string },
): Promise<number> {
  const probe = createServer();
  const bound = await listen(probe, port, host, what);
  await closeServer(probe);
  return bound;
}

/** Closes a server and every connection it still holds (keep-alive sockets included). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    const closable = server as Server & { closeAllConnections?: () => void };
    closable.closeAllConnections?.();
  });
}
