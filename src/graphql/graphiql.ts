import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);
const dirOf = (pkg: string): string => dirname(require.resolve(`${pkg}/package.json`));

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Cyswllt GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.production.min.js"></script>
  <script src="/graphiql/assets/react-dom.production.min.js"></script>
  <script src="/graphiql/assets/graphiql.min.js"></script>
  <script>
    const params = new URLSearchParams(location.search);
    const token = params.get('token') || '<paste the output of: npm run token -- admin>';
    const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultEditorToolsVisibility: true,
        headers: JSON.stringify({ Authorization: 'Bearer ' + token }, null, 2),
        defaultQuery: '# Cyswllt: set the Authorization header below, then run.\\n{\\n  me { handle roles organisation { name } }\\n  youngPeople(first: 5) {\\n    totalCount\\n    edges { node { id sourceRecords { provider { name } givenName familyName dateOfBirth tierStatus } } }\\n  }\\n}\\n',
      }),
    );
  </script>
</body>
</html>`;

/** A local GraphiQL page served from node_modules (no CDN: these machines have no internet). */
export function graphiqlRouter(): Router {
  const router = express.Router();
  const files: Record<string, string> = {
    'graphiql.min.css': join(dirOf('graphiql'), 'graphiql.min.css'),
    'graphiql.min.js': join(dirOf('graphiql'), 'graphiql.min.js'),
    'react.production.min.js': join(dirOf('react'), 'umd', 'react.production.min.js'),
    'react-dom.production.min.js': join(dirOf('react-dom'), 'umd', 'react-dom.production.min.js'),
  };
  router.get('/graphiql', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/graphiql/assets/:file', (req, res) => {
    const path = files[req.params.file];
    if (!path) {
      res.status(404).end();
      return;
    }
    res.sendFile(path, { maxAge: '1h' });
  });
  return router;
}
