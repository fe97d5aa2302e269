import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '@steno/db';
import type { SystemStatus } from './status.js';

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  host: string;
  /** 0 lets the system pick a free port; read it from the result. */
  port: number;
  /** Cheap liveness: resolves when the database answers. */
  ping: () => Promise<void>;
  status: () => Promise<SystemStatus>;
  /** Prometheus text for a status. */
  metrics: (status: SystemStatus) => Promise<string>;
  metricsContentType: string;
  logger?: Logger;
}

/** A listening status server. */
export interface RunningHttpServer {
  host: string;
  port: number;
  /** Stops accepting and closes open connections. */
  close(): Promise<void>;
}

type Route = (response: ServerResponse) => Promise<void>;

/**
 * Serves `/healthz`, `/status` (JSON) and `/metrics` (Prometheus text),
 * read only, GET only. `/status` answers 503 when the system is failing,
 * so a plain HTTP check can alert on it.
 */
export async function startHttpServer(
  options: HttpServerOptions,
): Promise<RunningHttpServer> {
  const logger = options.logger ?? silentLogger;
  const routes = routesOf(options);
  const server = createServer((request, response) => {
    handle(routes, request, response).catch((error: unknown) => {
      logger.error({ url: request.url, err: String(error) }, 'request failed');
      send(response, 500, 'application/json', { error: String(error) });
    });
  });

  await listen(server, options.host, options.port);
  const address = server.address() as AddressInfo;
  return {
    host: address.address,
    port: address.port,
    close: () => closeServer(server),
  };
}

function routesOf(options: HttpServerOptions): Record<string, Route> {
  return {
    '/healthz': async (response) => {
      try {
        await options.ping();
        send(response, 200, 'text/plain', 'ok\n');
      } catch (error) {
        send(response, 503, 'text/plain', `${(error as Error).message}\n`);
      }
    },
    '/status': async (response) => {
      const status = await options.status();
      const code = status.status === 'failing' ? 503 : 200;
      send(response, code, 'application/json', status);
    },
    '/metrics': async (response) => {
      const text = await options.metrics(await options.status());
      send(response, 200, options.metricsContentType, text);
    },
  };
}

async function handle(
  routes: Record<string, Route>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const route = routes[path];
  if (!route) {
    send(response, 404, 'application/json', { error: `no route ${path}` });
  } else if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(response, 405, 'application/json', { error: 'GET only' });
  } else {
    await route(response);
  }
}

function send(
  response: ServerResponse,
  code: number,
  type: string,
  body: unknown,
): void {
  if (response.headersSent) return;
  const text =
    typeof body === 'string' ? body : `${JSON.stringify(body, null, 2)}\n`;
  response.writeHead(code, { 'content-type': type });
  response.end(text);
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
