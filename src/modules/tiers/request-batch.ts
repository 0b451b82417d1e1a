/**
 * Coalesces the loads that one request asks for in the same tick (the same field of every person in a page)
 * into one call, so a page costs one query however long it is. Batches are kept per request object.
 */
export class RequestBatch<C extends object, V> {
  private readonly open = new WeakMap<C, { keys: Set<string>; result: Promise<Map<string, V>> }>();

  constructor(private readonly load: (ctx: C, keys: string[]) => Promise<Map<string, V>>) {}

  /** The value for one key, loaded together with every other key asked for in this tick. */
  async get(ctx: C, key: string): Promise<V | undefined> {
    let batch = this.open.get(ctx);
    if (!batch) {
      const keys = new Set<string>();
      const result = new Promise<Map<string, V>>((resolve, reject) => {
        // GraphQL resolves the fields of a list's items synchronously one after another: all are in by then.
        process.nextTick(() => {
          this.open.delete(ctx);
          this.load(ctx, [...keys]).then(resolve, reject);
        });
      });
      batch = { keys, result };
      this.open.set(ctx, batch);
    }
    batch.keys.add(key);
    return (await batch.result).get(key);
  }
}
