import knexFactory from 'knex';
import { migrateToLatest } from '../api/database/database';
import { generateDataset, type DatasetSize } from './dataset';

/**
 * The databases of one bench run on the PostgreSQL server at `serverUrl`. Databases are named
 * after the run and dropped at its end, so two runs on one server never drop or read each other's;
 * a kept dataset (`--dataset NAME`) is never dropped and is reused while its size matches.
 */
export class BenchDatabases {
  private readonly created = new Set<string>();

  constructor(
    readonly serverUrl: string,
    private readonly log: (message: string) => void,
    private readonly kept?: string,
  ) {}

  urlFor(name: string) {
    const url = new URL(this.serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  /** An empty, migrated database (dropped first if it exists). Names are quoted identifiers (??). */
  async fresh(name: string) {
    await this.withServer(async (admin) => {
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      if (name !== this.kept) this.created.add(name);
      await admin.raw('CREATE DATABASE ??', [name]);
    });
    const url = this.urlFor(name);
    await this.withDatabase(url, (target) => migrateToLatest(target));
    return url;
  }

  /** A generated dataset: reused while its size and schema match (`regenerate` forces a new one). */
  async dataset(name: string, size: DatasetSize, options: { regenerate: boolean }) {
    const url = this.urlFor(name);
    if (!options.regenerate && (await this.reusable(name, url, size))) {
      this.log(`reusing ${name} (${size.clients} clients); --fresh regenerates it`);
      return url;
    }
    await this.fresh(name);
    await this.withDatabase(url, async (target) => {
      const t0 = performance.now();
      this.log(`generating ${size.clients} clients and ${size.contracts} contracts…`);
      await generateDataset(target, size);
      this.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      await target('app_settings').insert({ key: 'bench_dataset', value: JSON.stringify(size) });
    });
    return url;
  }

  /** Drops every database this run created (never the kept dataset). */
  async dropCreated() {
    if (!this.created.size) return;
    await this.withServer(async (admin) => {
      for (const name of this.created) {
        await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
        this.created.delete(name);
      }
    });
    this.log('dropped the databases of this run');
  }

  private async reusable(name: string, url: string, size: DatasetSize): Promise<boolean> {
    if (!(await this.withServer((admin) => admin('pg_database').where({ datname: name }).first()))) return false;
    return this.withDatabase(url, async (probe) => {
      // Migrations added since the dataset was generated run on it (new tables are backfilled).
      await migrateToLatest(probe);
      // A migration that rewrote a table leaves its visibility map empty, and this server may
      // have autovacuum off: index-only scans would read the heap, and be measured so.
      await probe.raw('VACUUM ANALYZE');
      const marker = await probe('app_settings').where({ key: 'bench_dataset' }).first();
      return marker?.value === JSON.stringify(size);
    });
  }

  private withServer<T>(work: (admin: knexFactory.Knex) => Promise<T>) {
    return this.withDatabase(this.serverUrl, work);
  }

  private async withDatabase<T>(url: string, work: (knex: knexFactory.Knex) => Promise<T>): Promise<T> {
    const knex = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
    try {
      return await work(knex);
    } finally {
      await knex.destroy();
    }
  }
}
