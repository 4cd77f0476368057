import fc from 'fast-check';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../api/audit/auditTrail';
import { ClientService } from '../../api/clients/clientService';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

/**
 * client_advisors (migration 20261127_09) is kept by triggers: after any sequence of writes to
 * clients and contracts it must hold exactly "the referent, or an advisor holding one of the
 * client's contracts"; and the clients list's advisor filter, which now reads it, must return
 * what the former EXISTS over contracts returned.
 */
type Op =
  | { kind: 'insertClients'; advisors: Array<number | null> }
  | { kind: 'upsertClients'; clients: Array<{ number: number; advisor: number | null }> }
  | { kind: 'setReferent'; client: number; advisor: number | null }
  | { kind: 'deleteClient'; client: number }
  | { kind: 'insertContracts'; contracts: Array<{ client: number | null; advisor: number | null }> }
  | { kind: 'setContractAdvisor'; contract: number; advisor: number | null }
  | { kind: 'reassignContract'; contract: number; client: number | null }
  | { kind: 'moveAdvisorContracts'; from: number; to: number | null }
  | { kind: 'deleteContract'; contract: number }
  | { kind: 'deleteAdvisor'; advisor: number };

const pick = fc.nat(50);
const maybeAdvisor = fc.option(pick, { nil: null });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('insertClients' as const), advisors: fc.array(maybeAdvisor, { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('upsertClients' as const), clients: fc.array(fc.record({ number: fc.nat(12), advisor: maybeAdvisor }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('setReferent' as const), client: pick, advisor: maybeAdvisor }),
  fc.record({ kind: fc.constant('deleteClient' as const), client: pick }),
  fc.record({ kind: fc.constant('insertContracts' as const), contracts: fc.array(fc.record({ client: fc.option(pick, { nil: null }), advisor: maybeAdvisor }), { minLength: 1, maxLength: 5 }) }),
  fc.record({ kind: fc.constant('setContractAdvisor' as const), contract: pick, advisor: maybeAdvisor }),
  fc.record({ kind: fc.constant('reassignContract' as const), contract: pick, client: fc.option(pick, { nil: null }) }),
  fc.record({ kind: fc.constant('moveAdvisorContracts' as const), from: pick, to: maybeAdvisor }),
  fc.record({ kind: fc.constant('deleteContract' as const), contract: pick }),
  fc.record({ kind: fc.constant('deleteAdvisor' as const), advisor: pick }),
);

let sequence = 0;

/** Array parameters for unnest (pg sends JS arrays as PostgreSQL arrays; Knex's types only know scalars). */
const arrays = (...lists: unknown[][]) => lists as unknown as Knex.RawBinding[];

/** Applies one operation; indexes pick among the rows that exist at that moment. */
async function apply(trx: Knex.Transaction, operation: Op) {
  const ids = async (table: string) => (await trx(table).select('id').orderBy('id')).map((row: { id: number }) => row.id);
  const [advisors, clients, contracts] = [await ids('advisors'), await ids('clients'), await ids('contracts')];
  const of = (list: number[], index: number | null) => (index === null || !list.length ? null : list[index % list.length]);
  switch (operation.kind) {
    case 'insertClients':
      if (operation.advisors.length)
        await trx('clients').insert(operation.advisors.map((a) => ({ client_number: `P${++sequence}`, last_name: `Nom${sequence % 7}`, first_name: 'Prénom', advisor_id: of(advisors, a) })));
      return;
    case 'upsertClients':
      // As the import writes clients: one statement, new numbers inserted, known ones updated.
      await trx.raw(
        `INSERT INTO clients (client_number, last_name, first_name, advisor_id)
         SELECT DISTINCT ON (n) 'U' || n, 'Importé', 'Client', a FROM unnest(?::int[], ?::int[]) AS i(n, a)
         ON CONFLICT (client_number_key) DO UPDATE SET advisor_id = excluded.advisor_id`,
        arrays(
          operation.clients.map((c) => c.number),
          operation.clients.map((c) => of(advisors, c.advisor)),
        ),
      );
      return;
    case 'setReferent':
      if (clients.length)
        await trx('clients')
          .where('id', of(clients, operation.client))
          .update({ advisor_id: of(advisors, operation.advisor) });
      return;
    case 'deleteClient':
      if (clients.length) await trx('clients').where('id', of(clients, operation.client)).delete();
      return;
    case 'insertContracts':
      // As the import writes contracts: INSERT … SELECT FROM unnest, the same pair possibly twice.
      await trx.raw(
        `INSERT INTO contracts (contract_number, client_id, advisor_id, product, insurer, status, start_date)
         SELECT n, c, a, 'Assurance vie', 'Assureur', 'active', date '2024-01-01' FROM unnest(?::text[], ?::int[], ?::int[]) AS i(n, c, a)`,
        arrays(
          operation.contracts.map(() => `K${++sequence}`),
          operation.contracts.map((c) => of(clients, c.client)),
          operation.contracts.map((c) => of(advisors, c.advisor)),
        ),
      );
      return;
    case 'setContractAdvisor':
      if (contracts.length)
        await trx('contracts')
          .where('id', of(contracts, operation.contract))
          .update({ advisor_id: of(advisors, operation.advisor) });
      return;
    case 'reassignContract':
      if (contracts.length)
        await trx('contracts')
          .where('id', of(contracts, operation.contract))
          .update({ client_id: of(clients, operation.client) });
      return;
    case 'moveAdvisorContracts':
      if (advisors.length)
        await trx('contracts')
          .where('advisor_id', of(advisors, operation.from))
          .update({ advisor_id: of(advisors, operation.to) });
      return;
    case 'deleteContract':
      if (contracts.length) await trx('contracts').where('id', of(contracts, operation.contract)).delete();
      return;
    case 'deleteAdvisor':
      // Its clients and contracts lose it (ON DELETE SET NULL); a new one keeps the pool's size.
      if (advisors.length > 1) await trx('advisors').where('id', of(advisors, operation.advisor)).delete();
      await trx('advisors').insert({ first_name: 'Conseiller', last_name: `N${++sequence}` });
      return;
  }
}

/** The stored pairs and the pairs recomputed from clients and contracts, both sorted. */
async function storedAndExpected(knex: Knex) {
  const stored = await knex.raw('SELECT advisor_id, client_id FROM client_advisors ORDER BY 1, 2');
  const expected = await knex.raw(`
    SELECT advisor_id, id AS client_id FROM clients WHERE advisor_id IS NOT NULL
    UNION
    SELECT advisor_id, client_id FROM contracts WHERE advisor_id IS NOT NULL AND client_id IS NOT NULL
    ORDER BY 1, 2`);
  return { stored: stored.rows, expected: expected.rows };
}

async function seedAdvisors(knex: Knex) {
  if (Number((await knex('advisors').count('* as n'))[0].n) >= 4) return;
  await knex('advisors').insert([1, 2, 3, 4].map((i) => ({ first_name: 'Conseiller', last_name: `Numéro ${i}` })));
}

/** Random sequences of writes, each in a transaction rolled back afterwards. */
async function checkRandomSequences(knex: Knex, numRuns: number) {
  await seedAdvisors(knex);
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (operations) => {
      const trx = await knex.transaction();
      try {
        for (const operation of operations) {
          await apply(trx, operation);
          const { stored, expected } = await storedAndExpected(trx);
          expect(stored, JSON.stringify(operation)).toEqual(expected);
        }
      } finally {
        await trx.rollback();
      }
    }),
    { numRuns },
  );
}

/** The advisor filter before client_advisors: referent, or EXISTS a contract of the advisor. */
async function formerAdvisorFilter(knex: Knex, advisorId: number) {
  const { rows } = await knex.raw(
    `SELECT c.id FROM clients c
      WHERE c.advisor_id = ? OR EXISTS (SELECT 1 FROM contracts ct WHERE ct.client_id = c.id AND ct.advisor_id = ?)
      ORDER BY c.sort_key, c.id`,
    [advisorId, advisorId],
  );
  return rows.map((row: { id: number }) => row.id);
}

async function checkAdvisorFilter(knex: Knex, numRuns: number) {
  await seedAdvisors(knex);
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 30 }), async (operations) => {
      const trx = await knex.transaction();
      try {
        for (const operation of operations) await apply(trx, operation);
        const advisors = (await trx('advisors').select('id')).map((row: { id: number }) => row.id);
        for (const advisorId of advisors) {
          const listed = await new ClientService(trx as unknown as Knex, new AuditTrail(trx as unknown as Knex)).list({
            sort: { field: 'lastName', order: 'ASC' },
            range: { start: 0, end: 499 },
            filter: { advisorId },
          });
          expect(listed.rows.map((row) => row.id)).toEqual(await formerAdvisorFilter(trx, advisorId));
        }
      } finally {
        await trx.rollback();
      }
    }),
    { numRuns },
  );
}

describe('client_advisors on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.close());

  it('equals the relation recomputed from clients and contracts after random writes', async () => {
    await checkRandomSequences(db.knex, 60);
  });

  it('gives the advisor filter the same clients, in the same order, as the former EXISTS over contracts', async () => {
    await checkAdvisorFilter(db.knex, 25);
  });

  it('was backfilled by the migration from the rows already there', async () => {
    // Rows written with the triggers off stand for data written before the migration.
    await seedAdvisors(db.knex);
    const [advisor] = await db.knex('advisors').orderBy('id').limit(1);
    const trx = await db.knex.transaction();
    try {
      await trx.raw('ALTER TABLE clients DISABLE TRIGGER USER');
      await trx.raw('ALTER TABLE contracts DISABLE TRIGGER USER');
      const [client] = await trx('clients').insert({ client_number: 'AVANT1', last_name: 'Avant', first_name: 'Migration', advisor_id: advisor.id }).returning('id');
      await trx('contracts').insert({
        contract_number: 'AVANT-K1',
        client_id: client.id,
        advisor_id: advisor.id + 1,
        product: 'Prévoyance',
        insurer: 'Assureur',
        status: 'active',
        start_date: '2024-01-01',
      });
      await trx.raw('ALTER TABLE clients ENABLE TRIGGER USER');
      await trx.raw('ALTER TABLE contracts ENABLE TRIGGER USER');
      const migration = await import('../../migrations/20261127_09_client_advisors');
      await migration.down(trx);
      await migration.up(trx);
      const { stored, expected } = await storedAndExpected(trx);
      expect(stored).toEqual(expected);
      expect(stored).toContainEqual({ advisor_id: advisor.id + 1, client_id: client.id });
    } finally {
      await trx.rollback();
    }
  });

  /**
   * The races the client row lock closes: a contract added for a pair while the pair's last other
   * contract is deleted, in either order. Each interleaving is forced: the second transaction
   * must wait for the first one's lock, then see its work.
   */
  it('keeps a pair when its last contract is deleted while another is added, in either order', async () => {
    const knex = db.knex;
    await seedAdvisors(knex);
    const [advisor] = await knex('advisors').orderBy('id').limit(1);
    for (const first of ['insert', 'delete'] as const) {
      const [client] = await knex('clients')
        .insert({ client_number: `R-${first}`, last_name: 'Course', first_name: 'Client' })
        .returning('id');
      const [existing] = await knex('contracts')
        .insert({ contract_number: `R-${first}-A`, client_id: client.id, advisor_id: advisor.id, product: 'Vie', insurer: 'Assureur', status: 'active', start_date: '2024-01-01' })
        .returning('id');
      const inserter = await knex.transaction();
      const deleter = await knex.transaction();
      const insert = () =>
        inserter('contracts').insert({
          contract_number: `R-${first}-B`,
          client_id: client.id,
          advisor_id: advisor.id,
          product: 'Vie',
          insurer: 'Assureur',
          status: 'active',
          start_date: '2024-01-01',
        });
      const remove = () => deleter('contracts').where('id', existing.id).delete();
      if (first === 'insert') {
        await insert();
        const waiting = tracked(remove());
        await sleep(300);
        expect(waiting.settled(), 'the delete waits for the client row lock').toBe(false);
        await inserter.commit();
        await waiting;
        await deleter.commit();
      } else {
        await remove();
        const waiting = tracked(insert());
        await sleep(300);
        expect(waiting.settled(), 'the insert waits for the removal to commit').toBe(false);
        await deleter.commit();
        await waiting;
        await inserter.commit();
      }
      expect(await knex('client_advisors').where({ advisor_id: advisor.id, client_id: client.id }).first(), first).toBeTruthy();
      const { stored, expected } = await storedAndExpected(knex);
      expect(stored).toEqual(expected);
    }
  });
});

describe('client_advisors on PGlite', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ embedded: true });
  });
  afterAll(() => db?.close());

  it('equals the relation recomputed from clients and contracts after random writes', async () => {
    await checkRandomSequences(db.knex, 15);
  });

  it('gives the advisor filter the same clients as the former EXISTS over contracts', async () => {
    await checkAdvisorFilter(db.knex, 8);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise that says whether it has settled yet. */
function tracked<T>(promise: Promise<T>) {
  let done = false;
  const settledPromise = promise.finally(() => {
    done = true;
  });
  return Object.assign(settledPromise, { settled: () => done });
}
