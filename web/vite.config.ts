import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * GOV.UK Frontend's compiled CSS, without the GDS Transport typeface (licensed for GOV.UK only) and the royal
 * crest (not ours): the console is not on GOV.UK, so it uses Arial, as the Design System tells other services to.
 */
function govukWithoutTransport(): Plugin {
  return {
    name: 'cyswllt-govuk-without-transport',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('govuk-frontend.min.css')) return null;
      return code
        .replace(/@font-face\{[^}]*\}/g, '')
        .replace(/"?GDS Transport"?,\s*/g, '')
        .replaceAll('url(/assets/images/govuk-crest.svg)', 'none');
    },
  };
}

// The console: React without a plugin (Vite's own transformer handles TSX; no fast refresh is needed to build it),
// served by the hub from web/dist at /console (and /consol). `npm run console:build` runs this.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  publicDir: false,
  plugins: [govukWithoutTransport()],
  // Always React's production build, whatever NODE_ENV the builder runs under (the tests run it under NODE_ENV=test).
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  oxc: { jsx: { runtime: 'automatic', development: false } },
  // GOV.UK Frontend still carries IE hacks (`@media screen\0`) that the minifier drops with errorRecovery.
  css: { lightningcss: { errorRecovery: true } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // Optional: `npx vite -c web/vite.config.ts` with the hub on :4000.
    proxy: { '/graphql': 'http://127.0.0.1:4000', '/console/api': 'http://127.0.0.1:4000' },
  },
});
