// PostGraphile v5 over the bench database, as the peer the person list is compared with (bench only: a dev
// dependency). v5 needs Node 22's Promise.withResolvers; on Node 20 it is supplied here before PostGraphile loads.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';

/** A running PostGraphile server. */
export interface Peer {
  url: string;
  close(): Promise<void>;
}

function supplyWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: unknown };
  if (P.withResolvers) return;
  P.withResolvers = function withResolvers<T>() {
    let resolve!: (v: T | PromiseLike<T>) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

/** Starts PostGraphile (amber preset, schema `public`, no mutations) on the pool's database, on a free port. */
export async function startPostGraphile(pool: pg.Pool): Promise<Peer> {
  supplyWithResolvers();
  const { postgraphile } = await import('postgraphile');
  const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
  const { makePgService } = await import('postgraphile/adaptors/pg');
  const { grafserv } = await import('postgraphile/grafserv/node');
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ pool, schemas: ['public'] })],
    grafserv: { graphqlPath: '/graphql', graphiql: false },
    grafast: { explain: false },
    schema: { pgForbidSetofFunctionsToReturnNull: true },
    disablePlugins: ['NodePlugin'],
  });
  const serv = pgl.createServ(grafserv);
  const server: Server = createServer();
  await serv.addTo(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pgl.release();
    },
  };
}
