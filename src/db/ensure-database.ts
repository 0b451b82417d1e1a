import pg from 'pg';

/** Splits a PostgreSQL URL into the database name and a URL for the `postgres` maintenance database. */
export function maintenanceUrl(databaseUrl: string): { database: string; adminUrl: string } {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) {
    throw new Error(`Database name "${database}" must be lower-case letters, digits and underscores`);
  }
  url.pathname = '/postgres';
  return { database, adminUrl: url.toString() };
}

/** Creates the database named in the URL if it does not exist; with `recreate`, drops it first. */
export async function ensureDatabase(databaseUrl: string, options: { recreate?: boolean } = {}): Promise<void> {
  const { database, adminUrl } = maintenanceUrl(databaseUrl);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    if (options.recreate) await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end();
  }
}
