import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../api/database/embeddedPostgres';

/**
 * The embedded database serves the app's pool and BullMQ's pools through one PGlite session.
 * Parameterised queries from several connections at once (Parse, Bind, Execute, Sync each) must
 * each get their own statement's rows; a second data directory is a copy of the cached template.
 */
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conance-embedded-cache-'));
const dataDirs = [1, 2].map((n) => fs.mkdtempSync(path.join(os.tmpdir(), `conance-embedded-session-${n}-`)));
const previousCache = process.env.CONANCE_CACHE_DIR;
let db: EmbeddedPostgres;

beforeAll(async () => {
  process.env.CONANCE_CACHE_DIR = cacheDir;
  db = await startEmbeddedPostgres(dataDirs[0]);
}, 240_000);
afterAll(async () => {
  await db?.close();
  if (previousCache === undefined) delete process.env.CONANCE_CACHE_DIR;
  else process.env.CONANCE_CACHE_DIR = previousCache;
  for (const dir of [cacheDir, ...dataDirs]) fs.rmSync(dir, { recursive: true, force: true });
});

describe('embedded PostgreSQL session', { timeout: 240_000 }, () => {
  it('keeps each connection’s extended-protocol batch whole when connections query at once', async () => {
    const clients = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const client = new pg.Client(db.url);
        await client.connect();
        return client;
      }),
    );
    try {
      // Different statements and parameter types per connection: a Bind on another's Parse fails or answers wrongly.
      const answers = (
        await Promise.all(
          clients.map(async (client, c) => {
            const rows = [];
            for (let i = 0; i < 20; i++) {
              // Large parameters: a batch then arrives in several socket reads, as an import batch does.
              const text = `${c}`.repeat(200_000 + i);
              const {
                rows: [row],
              } =
                c % 2
                  ? await client.query('SELECT length($1::text) AS value, $2::text AS tag', [text, `c${c}`])
                  : await client.query('SELECT $2::int AS tag, length($1::text) * 2 AS value', [text, c]);
              rows.push({ c, i, row });
            }
            return rows;
          }),
        )
      ).flat();
      for (const { c, i, row } of answers) expect(row).toEqual(c % 2 ? { value: 200_000 + i, tag: `c${c}` } : { tag: c, value: 2 * (200_000 + i) });
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it('lets the queue’s unqualified names reach schema bullmq while the app’s stay in public', async () => {
    const client = new pg.Client(db.url);
    await client.connect();
    try {
      await client.query('CREATE SCHEMA IF NOT EXISTS bullmq');
      await client.query('CREATE TABLE bullmq.queue_probe (id int)');
      await client.query('CREATE TABLE app_probe (id int)');
      await client.query('INSERT INTO queue_probe VALUES (1)');
      const { rows } = await client.query("SELECT relname, relnamespace::regnamespace::text AS schema FROM pg_class WHERE relname IN ('queue_probe', 'app_probe') ORDER BY relname");
      expect(rows).toEqual([
        { relname: 'app_probe', schema: 'public' },
        { relname: 'queue_probe', schema: 'bullmq' },
      ]);
    } finally {
      await client.end();
    }
  });

  it('creates a new data directory from the cached template', async () => {
    expect(fs.readdirSync(cacheDir).some((name) => name.startsWith('pglite-'))).toBe(true);
    const second = await startEmbeddedPostgres(dataDirs[1]);
    try {
      const client = new pg.Client(second.url);
      await client.connect();
      expect((await client.query("SELECT count(*)::int AS n FROM pg_class WHERE relname = 'app_probe'")).rows).toEqual([{ n: 0 }]);
      await client.end();
    } finally {
      await second.close();
    }
  });
});
