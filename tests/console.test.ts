import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express from 'express';
import { buildSchema, parse, validate, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRouter } from '../src/console/console-router.js';
import type { AppConfig } from '../src/config/config.js';
import { cy } from '../web/src/i18n/cy.js';
import { en } from '../web/src/i18n/en.js';
import { ensureConsoleBuilt, WEB_SRC } from './support/console.js';
import { gql, startTestApi, type TestApi } from './support/harness.js';

// The web console (issue 15): its operations against the committed schema, its two message files, and what the
// hub serves at /console and /consol. The browser tests are in console-browser.e2e.test.ts.

const ROOT = new URL('..', import.meta.url).pathname;

/** The operation documents of web/src/api/operations.ts, as written in its graphql(`…`) calls. */
async function consoleOperations(): Promise<string[]> {
  const source = await readFile(join(WEB_SRC, 'api/operations.ts'), 'utf8');
  return [...source.matchAll(/graphql\(`([^`]*)`\)/g)].map((m) => m[1]!);
}

describe('console operations', () => {
  it('every operation validates against schema/schema.graphql, and each is named Console…', async () => {
    const schema = buildSchema(await readFile(join(ROOT, 'schema/schema.graphql'), 'utf8'));
    const documents = await consoleOperations();
    expect(documents.length).toBeGreaterThanOrEqual(15);
    for (const text of documents) {
      const document = parse(text);
      expect(validate(schema, document).map((e) => e.message), text).toEqual([]);
      const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
      expect(operation.name?.value).toMatch(/^Console[A-Z]/);
    }
  });

  it('the generated types (web/src/gql) are what graphql-codegen makes from the schema and the operations now', async () => {
    const { generate } = await import('@graphql-codegen/cli');
    const { default: config } = await import('../web/codegen.js');
    const outputs = (await generate({ ...config, cwd: ROOT, silent: true }, false)) as Array<{ filename: string; content: string }>;
    expect(outputs.length).toBeGreaterThan(0);
    for (const out of outputs) {
      const committed = await readFile(join(ROOT, out.filename), 'utf8');
      expect(committed, `${out.filename} is stale: run npm run console:codegen`).toBe(out.content);
    }
  });
});

describe('console messages', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('every key is in both languages, none is empty, and both have the same placeholders', () => {
    expect(Object.keys(cy).sort()).toEqual(Object.keys(en).sort());
    for (const [key, english] of Object.entries(en)) {
      const welsh = cy[key as keyof typeof en];
      expect(english.trim(), key).not.toBe('');
      expect(welsh.trim(), key).not.toBe('');
      expect(placeholders(welsh), key).toEqual(placeholders(english));
    }
  });

  it('the Welsh is a translation: only names, codes and loan words read the same in both', () => {
    const same = Object.keys(en).filter((k) => en[k as keyof typeof en] === cy[k as keyof typeof en]);
    expect(same.sort()).toEqual(['agreements.data', 'app.name', 'app.pageTitle']);
  });
});

describe('the console as the hub serves it', () => {
  let t: TestApi;
  beforeAll(async () => {
    await ensureConsoleBuilt();
    t = await startTestApi();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the page in English at /console and in Welsh at /consol, for every page address, with a strict CSP', async () => {
    for (const [path, lang] of [['/console', 'en'], ['/console/worklist', 'en'], ['/consol', 'cy'], ['/consol/people/abc', 'cy']] as const) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await res.text();
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toMatch(/<script type="module" crossorigin src="\/console\/assets\/index-[\w-]+\.js"><\/script>/);
    }
  });

  it('serves the built script and styles (no GDS Transport, no third-party origin), and 404 for an unknown asset', async () => {
    const html = await (await fetch(`${t.url}/console`)).text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const style = /href="(\/console\/assets\/[^"]+\.css)"/.exec(html)![1]!;
    const js = await fetch(`${t.url}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const code = await js.text();
    expect(code).toContain('/graphql');
    expect(code).toContain('x-purpose');
    expect(code).not.toContain('react.development');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const css = await (await fetch(`${t.url}${style}`)).text();
    expect(css).toContain('govuk-button');
    expect(css).not.toContain('GDS Transport');
    expect((await fetch(`${t.url}/console/assets/nothing-here.js`)).status).toBe(404);
  });

  it('sends the script gzip-compressed to a browser that accepts it, and as it is to one that does not', async () => {
    const html = await (await fetch(`${t.url}/console`)).text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const zipped = await fetch(`${t.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
    const plain = await fetch(`${t.url}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    // The same script either way (fetch undoes the gzip).
    expect(await zipped.text()).toBe(await plain.text());
  });

  it('demo sign-in lists the seeded people and gives a token the API accepts; an unknown or system handle gets none', async () => {
    const principals = (await (await fetch(`${t.url}/console/api/demo-principals`)).json()) as Array<{ handle: string; roles: string[] }>;
    expect(principals.map((p) => p.handle)).toEqual(expect.arrayContaining(['epc.cardiff', 'ig.cardiff', 'admin']));
    expect(principals.map((p) => p.handle)).not.toContain('cw.system');
    const signIn = (handle: string) => fetch(`${t.url}/console/api/demo-sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle }) });
    const res = await signIn('epc.cardiff');
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const me = await gql<{ me: { handle: string } }>(t.url, '{ me { handle } }', { token });
    expect(me.body.data?.me.handle).toBe('epc.cardiff');
    expect((await signIn('cw.system')).status).toBe(400);
    expect((await signIn('nobody')).status).toBe(400);
  });
});

describe('the console in production', () => {
  it('offers no demo sign-in: the demo routes answer 404', async () => {
    const app = express();
    const principals = { findByHandle: () => Promise.reject(new Error('must not be asked')) };
    app.use(consoleRouter({ config: { isProduction: true, authSecret: 'x'.repeat(32), tokenTtl: '1h' } as AppConfig, principals: principals as never, distDir: '/nonexistent' }));
    const server = app.listen(0);
    try {
      await new Promise<void>((resolve) => server.once('listening', resolve));
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      expect((await fetch(`${url}/console/api/demo-principals`)).status).toBe(404);
      expect((await fetch(`${url}/console/api/demo-sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"handle":"admin"}' })).status).toBe(404);
      // Without a build the page says how to make one (it is never built on request).
      const page = await fetch(`${url}/console`);
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('npm run console:build');
    } finally {
      server.close();
    }
  });
});
