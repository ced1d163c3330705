/**
 * Several real server processes on one fresh PostgreSQL database (the
 * multi-instance setup), plus, where a test needs one, a small TCP load
 * balancer in front that spreads connections round-robin over the instances
 * that are running (HTTP and WebSocket alike, as nginx in stream mode would).
 */
import net from 'node:net';
import { createTestDatabase, type TestDatabase } from './postgres';
import { startServer, type StartOptions, type TestServer } from './server';

export const clusterDatabaseUrl = process.env.TEST_DATABASE_URL;
/** Cluster tests need PostgreSQL: they run in the integration-postgres project only. */
export const clusterAvailable = process.env.TEST_DB === 'postgres' && Boolean(clusterDatabaseUrl);

export interface Balancer {
  url: string;
  port: number;
  /** The instances new connections go to (a killed one is dropped by the cluster). */
  setBackends(servers: TestServer[]): void;
  close(): Promise<void>;
}

export interface Cluster {
  database: TestDatabase;
  /** The running instances, in start order (stopped or killed ones are removed). */
  servers: TestServer[];
  /** Starts one more instance on the same database. */
  add(options?: StartOptions): Promise<TestServer>;
  /** SIGKILL one instance. */
  kill(server: TestServer): Promise<void>;
  /** SIGTERM one instance and wait for it to exit; resolves with its exit code. */
  stop(server: TestServer): Promise<number | null>;
  /** A round-robin TCP balancer over the running instances (created on first use). */
  balancer(): Promise<Balancer>;
  close(): Promise<void>;
}

export async function startCluster(instances: number, options: StartOptions = {}): Promise<Cluster> {
  if (!clusterDatabaseUrl) throw new Error('A cluster needs TEST_DATABASE_URL');
  const database = await createTestDatabase(clusterDatabaseUrl);
  const servers: TestServer[] = [];
  let balancer: Balancer | undefined;
  const env = (extra?: Record<string, string>) => ({ ...options.env, ...extra, DATABASE_URL: database.url });
  const add = async (more: StartOptions = {}) => {
    const server = await startServer({ ...options, ...more, env: env(more.env) });
    servers.push(server);
    balancer?.setBackends(servers);
    return server;
  };
  const forget = (server: TestServer) => {
    servers.splice(servers.indexOf(server), 1);
    balancer?.setBackends(servers);
  };
  try {
    // One at a time: the first applies the migrations, the others find them applied.
    for (let i = 0; i < instances; i++) await add();
  } catch (error) {
    await Promise.all(servers.map((s) => s.kill()));
    await database.drop();
    throw error;
  }
  return {
    database,
    servers,
    add,
    kill: async (server) => {
      forget(server);
      await server.kill();
    },
    stop: async (server) => {
      forget(server);
      return server.stop();
    },
    balancer: async () => (balancer ??= await startBalancer(servers)),
    close: async () => {
      await balancer?.close();
      await Promise.all(servers.splice(0).map((s) => s.kill()));
      await database.drop();
    },
  };
}

export async function startBalancer(initial: TestServer[]): Promise<Balancer> {
  let backends = initial.map((s) => s.port);
  let next = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    const tryConnect = (attemptsLeft: number) => {
      if (backends.length === 0 || attemptsLeft === 0) return client.destroy();
      const port = backends[next++ % backends.length];
      const upstream = net.connect(port, '127.0.0.1');
      sockets.add(upstream);
      upstream.once('close', () => sockets.delete(upstream));
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        client.pipe(upstream).pipe(client);
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
        client.once('close', () => upstream.destroy());
      });
      upstream.once('error', () => {
        if (!connected) tryConnect(attemptsLeft - 1);
      });
    };
    tryConnect(backends.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setBackends: (servers) => {
      backends = servers.map((s) => s.port);
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
