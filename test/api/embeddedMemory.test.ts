import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config';
import { startEmbeddedPostgres } from '../../api/database/embeddedPostgres';

/**
 * The embedded database's memory settings: a new data directory is created out of
 * process and then opened here, and its buffer pool is the configured one, not PGlite's 128MB;
 * unset, 16MB while the database is small and 32MB once its files pass 64 MB.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conance-embedded-memory-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function sharedBuffers(url: string) {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query('SHOW shared_buffers')).rows[0].shared_buffers;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL memory', { timeout: 240_000 }, () => {
  it('creates a new data directory, keeps its data, and opens it with the buffer pool asked for', async () => {
    const first = await startEmbeddedPostgres(dataDir);
    try {
      expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
      expect(await sharedBuffers(first.url)).toBe('16MB');
      const client = new pg.Client(first.url);
      await client.connect();
      await client.query('CREATE TABLE kept (id int)');
      await client.query('INSERT INTO kept VALUES (1)');
      // About 75 MB of rows (under 2 kB each: stored as they are, not compressed).
      await client.query("CREATE TABLE bulk AS SELECT i, repeat('x', 1000) AS filler FROM generate_series(1, 70000) i");
      await client.query('CHECKPOINT');
      await client.end();
    } finally {
      await first.close();
    }
    const grown = await startEmbeddedPostgres(dataDir);
    try {
      expect(await sharedBuffers(grown.url)).toBe('32MB');
    } finally {
      await grown.close();
    }
    const second = await startEmbeddedPostgres(dataDir, { sharedBuffers: '24MB' });
    try {
      expect(await sharedBuffers(second.url)).toBe('24MB');
      const client = new pg.Client(second.url);
      await client.connect();
      expect((await client.query('SELECT id FROM kept')).rows).toEqual([{ id: 1 }]);
      await client.end();
    } finally {
      await second.close();
    }
  });

  it('takes PGLITE_SHARED_BUFFERS as a PostgreSQL size, unset by default (sized to the data)', () => {
    expect(loadConfig({}).pgliteSharedBuffers).toBeUndefined();
    expect(loadConfig({ PGLITE_SHARED_BUFFERS: '128MB' }).pgliteSharedBuffers).toBe('128MB');
    expect(() => loadConfig({ PGLITE_SHARED_BUFFERS: 'lots' })).toThrow();
  });
});
