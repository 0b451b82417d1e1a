import { existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { signToken } from '../auth/tokens.js';
import type { AppConfig } from '../config/config.js';
import type { PrincipalsService } from '../modules/principals/principals.service.js';
import { SEED_PRINCIPALS } from '../modules/principals/principals.data.js';

/** Where `npm run console:build` (vite build of `web/`) writes the console. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The two addresses of the console: English and Welsh; the same pages, the language chosen by the path. */
export const CONSOLE_PATHS = { en: '/console', cy: '/consol' } as const;

// The console talks to /graphql only (same origin); nothing is loaded from elsewhere and nothing inline runs.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cyswllt console not built</title></head>
<body><h1>The console has not been built</h1><p>Run <code>npm run console:build</code> (the demo and the tests do it for you).</p>
<p lang="cy">Nid yw'r consol wedi'i adeiladu: rhedwch <code>npm run console:build</code>.</p></body></html>`;

/** Options of the console router (the tests point it at their own build). */
export interface ConsoleOptions {
  config: AppConfig;
  principals: PrincipalsService;
  distDir?: string;
}

/**
 * Serves the built console (`web/dist`) at /console (English) and /consol (Welsh), and outside production the
 * demo sign-in: the seeded principals people use, and a token for one of them, exactly as `npm run token`
 * gives. The console is a client of /graphql like any other: this router reads no personal data.
 */
export function consoleRouter(options: ConsoleOptions): Router {
  const { config, principals } = options;
  const dist = options.distDir ?? CONSOLE_DIST;
  const router = express.Router();
  let cached: { mtimeMs: number; html: string } | null = null;
  const page = (): string | null => {
    // Read again only when a new build replaced it (`npm run console:build` while the hub runs).
    const file = join(dist, 'index.html');
    if (!existsSync(file)) return null;
    const { mtimeMs } = statSync(file);
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(file, 'utf8') };
    return cached.html;
  };

  // The hashed scripts and styles compressed once per build and kept in memory (what a browser downloads is the
  // first-load figure bench/console.ts reports); anything else, or a client without gzip, goes to express.static.
  const gzipped = new Map<string, { mtimeMs: number; body: Buffer }>();
  router.get(`${CONSOLE_PATHS.en}/assets/:file`, (req, res, next) => {
    const name = req.params['file'] ?? '';
    if (!/^[\w.-]+\.(js|css)$/.test(name) || !req.acceptsEncodings('gzip')) return next();
    const file = join(dist, 'assets', name);
    if (!existsSync(file)) return next();
    const { mtimeMs } = statSync(file);
    let entry = gzipped.get(name);
    if (entry?.mtimeMs !== mtimeMs) {
      entry = { mtimeMs, body: gzipSync(readFileSync(file), { level: 9 }) };
      gzipped.set(name, entry);
    }
    res.set({
      'content-type': name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
      'content-encoding': 'gzip',
      vary: 'Accept-Encoding',
      'cache-control': 'public, max-age=31536000, immutable',
    });
    res.send(entry.body);
  });
  router.use(`${CONSOLE_PATHS.en}/assets`, express.static(join(dist, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));

  if (!config.isProduction) {
    router.get(`${CONSOLE_PATHS.en}/api/demo-principals`, (_req, res) => {
      // The seeded people (not partner systems): names of staff roles, never anything about a young person.
      res.json(SEED_PRINCIPALS.filter((p) => p.kind === 'USER').map(({ handle, displayName, roles }) => ({ handle, displayName, roles })));
    });
    router.post(`${CONSOLE_PATHS.en}/api/demo-sign-in`, express.json({ limit: '2kb' }), async (req, res) => {
      const handle: unknown = (req.body as Record<string, unknown> | undefined)?.['handle'];
      const seeded = SEED_PRINCIPALS.find((p) => p.kind === 'USER' && p.handle === handle);
      const principal = seeded ? await principals.findByHandle(seeded.handle) : null;
      if (!seeded || !principal?.active) {
        res.status(400).json({ error: 'UNKNOWN_PRINCIPAL' });
        return;
      }
      res.json({ token: await signToken(config.authSecret, { principalId: principal.id, handle: seeded.handle }, config.tokenTtl) });
    });
  }

  // Anything else under /console/api (all of it, in production) is not a page.
  router.all(`${CONSOLE_PATHS.en}/api/{*rest}`, (_req, res) => {
    res.status(404).json({ error: 'NOT_FOUND' });
  });

  const serve = (lang: 'en' | 'cy'): express.RequestHandler => (_req, res) => {
    const html = page();
    res.set('Content-Security-Policy', CSP);
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'no-referrer');
    res.set('Cache-Control', 'no-cache');
    if (html === null) {
      res.status(503).type('html').send(NOT_BUILT);
      return;
    }
    res.type('html').send(html.replace('<html lang="en">', `<html lang="${lang}">`));
  };
  for (const lang of ['en', 'cy'] as const) {
    router.get([CONSOLE_PATHS[lang], `${CONSOLE_PATHS[lang]}/{*page}`], serve(lang));
  }
  return router;
}
