import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControlGuard, exposureWarning, type ControlGuardOptions } from '../api/index.ts';
import type { RoamingMock } from '../mock.ts';
import { gracefulClose } from './graceful-close.ts';
import { boundUrl, failRequest, serveNode, type NodeDoor } from './node-http.ts';
import { attachWebSocket, type LivenessOptions } from './websocket.ts';
import { batchedWriter } from './write-batch.ts';

export interface ServerOptions extends ControlGuardOptions, LivenessOptions {
  /** Default 5280; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Base URL of envelopes (`uri`) and history-file URLs, e.g. behind a proxy (default: the bound address). */
  publicUrl?: string;
  /** A client must send its headers within this (default 10 s) … */
  headersTimeoutMs?: number;
  /** … and its whole request within this (default 30 s): a slow client cannot hold a socket forever. */
  requestTimeoutMs?: number;
  /** Idle keep-alive connections close after this (default 5 s). */
  keepAliveTimeoutMs?: number;
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** `http://host:port` — the SDK's `apiUrl`. */
  readonly url: string;
  /** `ws://host:port/websocket` — the SDK's `url`. */
  readonly wsUrl: string;
  /** Stop accepting, let in-flight requests finish (answered with `Connection: close`), close idle sockets. */
  close(): Promise<void>;
}

/**
 * The standalone server: node:http straight into the router — no express, no Fetch objects on the hot path
 * (DESIGN.md measured those at a third of the throughput).
 */
export function createRoamingServer(mock: RoamingMock, options: ServerOptions = {}): Server {
  let base = options.publicUrl?.replace(/\/+$/, '');
  const bound = (): string => boundUrl((server.address() as AddressInfo).address, (server.address() as AddressInfo).port);
  const door: NodeDoor = { guard: createControlGuard(options), publicUrl: () => (base ??= bound()), rawHeaders: true, write: batchedWriter() };
  const server = createServer(
    {
      keepAlive: true,
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      // Node checks those timeouts on this interval (30 s by default, which would let them run far over).
      connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs ?? 1000),
    },
    (req, res) => {
      const failed = (err: unknown): void => failRequest(req, res, err);
      // While shutting down, every answer tells the client not to reuse the connection.
      if (!server.listening) res.shouldKeepAlive = false;
      try {
        serveNode(mock, door, req, res, req.url ?? '/')?.catch(failed);
      } catch (err) {
        failed(err);
      }
    },
  );
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5_000;
  return server;
}

/** Start the standalone server and resolve once it listens. */
export async function startServer(mock: RoamingMock, options: ServerOptions = {}): Promise<RunningServer> {
  const server = createRoamingServer(mock, options);
  const closeWebSocket = attachWebSocket(server, mock, options);
  const host = options.host ?? '127.0.0.1';
  const warning = exposureWarning(host, options.controlToken);
  if (warning) console.warn(warning);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5280, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port,
    url: `http://${shown}:${port}`,
    wsUrl: `ws://${shown}:${port}/websocket`,
    close: () => gracefulClose(server, closeWebSocket),
  };
}
