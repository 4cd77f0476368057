import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../api/audit/auditTrail';
import { ClientService } from '../../api/clients/clientService';
import { soundKeys, soundexFr } from '../../shared/frenchSound';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { DATABASES } from '../support/databases';
import { QUALITY_SMALL } from '../support/nameVariants';

const CLIENTS = [
  { last_name: 'Lefèvre', first_name: 'Élodie', client_number: 'CL-100', email: 'elodie.l@exemple.fr', phone: '+33612345678' },
  { last_name: 'Dupont', first_name: 'Jean', client_number: 'CL-101' },
  { last_name: 'Roux', first_name: 'Matthieu', client_number: 'CL-102' },
  { last_name: 'Bernard', first_name: 'Claire', client_number: 'CL-103' },
  { last_name: 'Martin', first_name: 'Sophie', client_number: 'dupond' },
  { last_name: 'Dupontel', first_name: 'Albert', client_number: 'CL-105' },
  { last_name: 'Thibault', first_name: 'Hugo', client_number: 'CL-106' },
  { last_name: 'Philippon', first_name: 'Léa', client_number: 'CL-107' },
  { last_name: 'Gomez', first_name: 'Loïc', client_number: 'CL-108' },
  { last_name: 'Rousseau', first_name: 'Agnès', client_number: 'CL-109' },
  { last_name: 'Garnier', first_name: 'Yves', client_number: 'CL-110' },
  { last_name: 'Moreau', first_name: 'Céline', client_number: 'CL-111' },
];

describe.each(DATABASES)('tolerant name search on %s', (_name, embedded) => {
  let db: TestDatabase;
  let service: ClientService;
  const ids: Record<string, number> = {};
  const search = (q: string, field = 'relevance') => service.list({ sort: { field, order: 'ASC' }, range: { start: 0, end: 24 }, filter: { q } });

  beforeAll(async () => {
    db = await createTestDatabase({ embedded });
    service = new ClientService(db.knex, new AuditTrail(db.knex));
    for (const row of await db.knex('clients').insert(CLIENTS).returning(['id', 'last_name'])) ids[row.last_name] = row.id;
  }, 60_000);
  afterAll(() => db?.close());

  it("finds callers' spellings, by spelling or by sound", async () => {
    const cases: Array<[string, string, string]> = [
      ['Lefebvre', 'Lefèvre', 'similar'],
      ['Dupond', 'Dupont', 'similar'],
      ['Mathieu', 'Roux', 'sound'],
      ['Bernrad', 'Bernard', 'sound'],
      ['Jean Dupond', 'Dupont', 'similar'],
      ['Dupond Jean', 'Dupont', 'similar'],
    ];
    for (const [q, expected, matchedBy] of cases) {
      const page = await search(q);
      const row = page.rows.find((r) => r.id === ids[expected]);
      expect(row, q).toMatchObject({ matchedBy: expect.stringMatching(/similar|sound/) });
      if (matchedBy === 'similar') expect(row!.matchedBy, q).toBe('similar');
      // The exact totals rule: the total counts the tolerant rows shown.
      expect(page.total, q).toBe(page.rows.length);
    }
  });

  it('ranks number, email, phone, name, prefix, then tolerant rows under the exact ones', async () => {
    // "dupond" is Martin's client number, Dupont is close, Dupontel is further.
    const dupond = await search('dupond');
    expect(dupond.rows.map((r) => [r.lastName, r.matchedBy])).toEqual([['Martin', 'number'], ['Dupont', 'similar'], ...dupond.rows.slice(2).map((r) => [r.lastName, r.matchedBy])]);
    expect(dupond.rows.slice(2).every((r) => r.matchedBy === 'similar' || r.matchedBy === 'sound')).toBe(true);
    expect((await search('elodie.l@exemple.fr')).rows.map((r) => r.matchedBy)).toEqual(['email']);
    expect((await search('06 12 34 56 78')).rows.map((r) => r.matchedBy)).toEqual(['phone']);
    const dupont = await search('Dupont');
    expect(dupont.rows.slice(0, 2).map((r) => [r.lastName, r.matchedBy])).toEqual([
      ['Dupont', 'name'],
      ['Dupontel', 'prefix'],
    ]);
    expect(dupont.rows.slice(2).every((r) => ['similar', 'sound'].includes(r.matchedBy!))).toBe(true);
  });

  it('keeps numbers exact and a column sort exact', async () => {
    expect((await search('CL-10')).rows.every((r) => r.matchedBy === 'prefix')).toBe(true);
    expect((await search('CL-999')).rows).toEqual([]);
    // Typed quotes and question marks are values, never SQL or placeholders.
    for (const q of ['5!-?U', "d'?upond", "l'efèvre?"]) await expect(search(q), q).resolves.toMatchObject({ capped: false });
    const sorted = await search('Lefebvre', 'lastName');
    expect(sorted).toMatchObject({ total: 0, rows: [] });
  });

  it('finds the expected client within the first ten on a small quality set', async () => {
    const missed: string[] = [];
    for (const [q, expected] of QUALITY_SMALL) {
      const page = await search(q);
      if (!page.rows.slice(0, 10).some((r) => `${r.lastName} ${r.firstName}` === expected)) missed.push(`${q} → ${expected}`);
    }
    expect(missed).toEqual([]);
  });

  it('warns of the same close clients before a create', async () => {
    const similar = await service.findSimilar({ lastName: 'Lefebvre', firstName: 'Elodie' });
    expect(similar.map((c: { lastName: string }) => c.lastName)).toContain('Lefèvre');
    expect((await service.findSimilar({ lastName: 'Bernrad' })).map((c: { lastName: string }) => c.lastName)).toContain('Bernard');
  });

  it('keeps the exact matches first and the total exact past a thousand tolerant rows', async () => {
    const before = (await search('dupond')).total;
    await db.knex.raw(`INSERT INTO clients (last_name, first_name) SELECT 'Dupont', 'Client ' || i FROM generate_series(1, 1100) i`);
    try {
      const page = await search('dupond');
      expect(page.total).toBe(before + 1100);
      expect(page.rows[0]).toMatchObject({ lastName: 'Martin', matchedBy: 'number' });
      expect(page.rows[1]).toMatchObject({ lastName: 'Dupont', firstName: 'Client 1' });
      expect(page.rows.slice(1).every((r) => r.matchedBy === 'similar')).toBe(true);
    } finally {
      await db.knex('clients').where('first_name', 'like', 'Client %').delete();
    }
  });

  it('computes the same Soundex2 keys in the database as in TypeScript', async () => {
    const words = [
      'Lefèvre',
      'LEFEBVRE',
      'Œuvray',
      'Garçon',
      'Noël',
      'MacKenzie',
      'Schindler',
      'Philippe',
      'Pfeifer',
      'Knight',
      'Asamian',
      'Gauthier',
      'Thibault',
      'Guérin',
      'Quentin',
      'Boyer',
      'Rey',
      'Chloé',
      "D'Artagnan",
      'Barthélémy',
      'Ølsen',
      'x',
      '42',
    ];
    const { rows } = await db.knex.raw(`SELECT w, public.f_soundex_fr(w) AS key FROM unnest(?::text[]) AS w`, [words]);
    for (const row of rows) expect(row.key, row.w).toBe(soundexFr(row.w));
    const stored = await db.knex('clients').select('last_name', 'first_name', 'sound_keys');
    for (const row of stored) expect(row.sound_keys, row.last_name).toEqual(soundKeys(row.last_name, row.first_name));
  });
});
