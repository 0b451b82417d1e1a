/**
 * Whether this process's database is the embedded one, where every connection shares one PostgreSQL session
 * (EMBEDDED_DATABASE=on; validated with the rest of the configuration in src/config). Read here, once, for
 * the low-level helpers every process uses without a configuration at hand: connection timeouts and
 * prepared statements.
 */
export const SHARED_SESSION = process.env['EMBEDDED_DATABASE'] === 'on';
