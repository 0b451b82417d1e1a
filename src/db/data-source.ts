import 'reflect-metadata';
import { DataSource, type Logger } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './naming-strategy.js';

/** Creates (but does not initialise) the one TypeORM DataSource of a process. `synchronize` is never on. */
export function createDataSource(databaseUrl: string, poolSize = 10, queryLogger?: Logger): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    logging: queryLogger ? ['query'] : false,
    ...(queryLogger ? { logger: queryLogger } : {}),
    // JIT compilation costs more than a second on the policy filters' large cost estimates and saves
    // nothing on these short queries: it is off for the hub's connections.
    extra: { max: poolSize, application_name: 'cyswllt', options: '-c jit=off' },
  });
}
