import crypto from 'node:crypto';
import type { Knex } from 'knex';

/**
 * A random value generated once per database and stored, so that every process and every
 * restart agrees on it (the session cookie key, the database's identity in the queue).
 */
export async function sharedRandomSetting(knex: Knex, key: string, bytes = 32): Promise<string> {
  await knex('app_settings')
    .insert({ key, value: crypto.randomBytes(bytes).toString('hex') })
    .onConflict('key')
    .ignore();
  const row = await knex('app_settings').where({ key }).first();
  return row.value;
}
