import type { Knex } from 'knex';
import { withoutAccents } from '../../shared/accentFolding';

/**
 * Realistic French demo data for a first look: a few advisors, ~200 clients, their contracts
 * and two years of commissions. Deterministic (seeded PRNG), so screenshots and docs stay stable.
 */
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Lefebvre',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Legrand',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
  'Perrin',
  'Morin',
  'Mathieu',
  'Clément',
  'Gauthier',
  'Dumont',
  'Lopez',
  'Fontaine',
  'Chevalier',
  'Robin',
  'Garçon',
  'Bénard',
  'Noël',
  'Lemaître',
  'Château',
];
const FIRST_NAMES = [
  'Jean',
  'Marie',
  'Pierre',
  'Nathalie',
  'Michel',
  'Isabelle',
  'Philippe',
  'Sylvie',
  'Alain',
  'Catherine',
  'Nicolas',
  'Françoise',
  'Laurent',
  'Sandrine',
  'Stéphane',
  'Valérie',
  'Éric',
  'Christine',
  'Olivier',
  'Céline',
  'Thierry',
  'Hélène',
  'Julien',
  'Élodie',
  'François',
  'Aurélie',
  'Sébastien',
  'Chloé',
  'Jérôme',
  'Léa',
  'Hugo',
  'Camille',
  'Loïc',
  'Agnès',
  'Benoît',
  'Maëlle',
];
const STREETS = [
  'rue de la République',
  'avenue Victor Hugo',
  'boulevard Gambetta',
  'rue Pasteur',
  'place de la Mairie',
  'rue des Lilas',
  'chemin des Vignes',
  'allée des Tilleuls',
  'rue Jean Jaurès',
  'avenue Foch',
];
const CITIES = [
  ['75008', 'Paris'],
  ['69003', 'Lyon'],
  ['13006', 'Marseille'],
  ['33000', 'Bordeaux'],
  ['31000', 'Toulouse'],
  ['44000', 'Nantes'],
  ['67000', 'Strasbourg'],
  ['59800', 'Lille'],
  ['35000', 'Rennes'],
  ['06000', 'Nice'],
];
const PRODUCTS: [string, string][] = [
  ['Assurance vie Horizon', 'Generali'],
  ['PER Individuel Avenir', 'AXA'],
  ['Prévoyance Sérénité', 'Swiss Life'],
  ['Assurance vie Patrimoine', 'Allianz'],
  ['Mutuelle Santé Plus', 'Malakoff Humanis'],
  ['Contrat de capitalisation', 'Cardif'],
  ['Assurance emprunteur', 'April'],
];
const ADVISORS = [
  ['Claire', 'Fontaine', 'claire.fontaine@cabinet-demo.fr'],
  ['Antoine', 'Marchand', 'antoine.marchand@cabinet-demo.fr'],
  ['Sophie', 'Lemoine', 'sophie.lemoine@cabinet-demo.fr'],
  ['Karim', 'Benali', 'karim.benali@cabinet-demo.fr'],
  ['Julie', 'Carpentier', 'julie.carpentier@cabinet-demo.fr'],
];

function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const slug = (value: string) =>
  withoutAccents(value)
    .toLowerCase()
    .replace(/[^a-z]+/g, '');
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const minDate = (a: string, b: string) => (a < b ? a : b);
/** The latest end date of a terminated demo contract: fixed, so that the demo data stays the same from one day to the next. */
const LAST_TERMINATION = '2026-10-31';

/** The demo clients' numbers: CL010001, CL010002... */
const demoClientNumber = (index: number) => `CL${String(10001 + index).padStart(6, '0')}`;

export interface DemoDataCounts {
  advisors: number;
  clients: number;
  contracts: number;
  commissions: number;
}

/**
 * Loads the demo data in one transaction. Returns what it created, or null when the demo
 * clients are already there (their numbers are unique: a second load could only fail).
 */
export async function seedDemoData(knex: Knex, clientCount = 200): Promise<DemoDataCounts | null> {
  const random = seededRandom(20261125);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

  return knex.transaction(async (trx) => {
    // Two loads at once queue here; the second then finds the first one's clients.
    await trx.raw("SELECT pg_advisory_xact_lock(hashtext('conance demo data'))");
    const numbers = Array.from({ length: clientCount }, (_, index) => demoClientNumber(index));
    const { rows: present } = await trx.raw<{ rows: unknown[] }>(
      `WITH demo AS (SELECT f_number_key(n) AS key FROM unnest(?::text[]) n)
       SELECT 1 FROM clients WHERE client_number_key IN (SELECT key FROM demo)
       UNION ALL SELECT 1 FROM client_aliases WHERE client_number_key IN (SELECT key FROM demo) LIMIT 1`,
      [numbers] as never,
    );
    if (present.length) return null;
    // Advisors by name (unique): the demo's own, or the same names already there.
    const names = [ADVISORS.map((a) => a[0]), ADVISORS.map((a) => a[1])];
    await trx.raw(
      `INSERT INTO advisors (first_name, last_name, email) SELECT * FROM unnest(?::text[], ?::text[], ?::text[])
       ON CONFLICT ((lower(last_name)), (lower(first_name))) DO NOTHING`,
      [...names, ADVISORS.map((a) => a[2])] as never,
    );
    const { rows: advisors } = await trx.raw<{ rows: { id: number }[] }>(
      `SELECT a.id FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS d(first_name, last_name, at)
         JOIN advisors a ON lower(a.last_name) = lower(d.last_name) AND lower(a.first_name) = lower(d.first_name)
        ORDER BY d.at`,
      names as never,
    );

    const clientRows = Array.from({ length: clientCount }, (_, index) => {
      const lastName = pick(LAST_NAMES);
      const firstName = pick(FIRST_NAMES);
      const [postcode, city] = pick(CITIES);
      const hasEmail = random() < 0.85;
      const hasPhone = random() < 0.8;
      const mobile = `+336${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
      return {
        client_number: numbers[index],
        last_name: lastName,
        first_name: firstName,
        email: hasEmail ? `${slug(firstName)}.${slug(lastName)}${index}@exemple.fr` : null,
        phone: hasPhone ? mobile : null,
        address: `${1 + Math.floor(random() * 120)} ${pick(STREETS)}\n${postcode} ${city}`,
        advisor_id: pick(advisors).id,
      };
    });
    const clients: { id: number; client_number: string; last_name: string; first_name: string; advisor_id: number }[] = await trx('clients')
      .insert(clientRows)
      .returning(['id', 'client_number', 'last_name', 'first_name', 'advisor_id']);

    const contractRows: Record<string, unknown>[] = [];
    for (const client of clients) {
      const count = Math.floor(random() * 4); // 0 to 3 contracts
      for (let i = 0; i < count; i++) {
        const [product, insurer] = pick(PRODUCTS);
        const start = new Date(Date.UTC(2015 + Math.floor(random() * 10), Math.floor(random() * 12), 1));
        const terminated = random() < 0.2;
        contractRows.push({
          contract_number: `${insurer.slice(0, 3).toUpperCase()}-${String(100000 + contractRows.length)}`,
          client_id: client.id,
          // Most contracts are placed by the referent advisor, some by a colleague.
          advisor_id: random() < 0.8 ? client.advisor_id : pick(advisors).id,
          product,
          insurer,
          status: terminated ? 'terminated' : 'active',
          start_date: isoDate(start),
          // Terminated contracts ended in the past, so that "Contrats actifs" leaves them out at first sight.
          end_date: terminated ? minDate(isoDate(new Date(start.getTime() + (1 + Math.floor(random() * 5)) * 365 * 86400_000)), LAST_TERMINATION) : null,
        });
      }
    }
    const contracts: { id: number; client_id: number; advisor_id: number; product: string; end_date: string | null }[] = contractRows.length
      ? await trx('contracts').insert(contractRows).returning(['id', 'client_id', 'advisor_id', 'product', 'end_date'])
      : [];

    const clientsById = new Map(clients.map((client) => [client.id, client]));
    const commissionRows: Record<string, unknown>[] = [];
    for (const contract of contracts) {
      const client = clientsById.get(contract.client_id)!;
      for (let quarter = 0; quarter < 8; quarter++) {
        if (random() < 0.25) continue;
        const date = new Date(Date.UTC(2024 + Math.floor(quarter / 4), (quarter % 4) * 3 + 2, 28));
        // No commission after a contract ended (the PRNG was drawn all the same: the rest of the data stays as it was).
        if (contract.end_date && isoDate(date) > contract.end_date) continue;
        commissionRows.push({
          contract_id: contract.id,
          client_id: client.id,
          advisor_id: contract.advisor_id,
          date: isoDate(date),
          amount: (20 + random() * 480).toFixed(2),
          label: `Commission sur encours T${(quarter % 4) + 1} ${date.getUTCFullYear()} – ${contract.product}`,
          client_number: client.client_number,
          client_name: `${client.last_name} ${client.first_name}`,
        });
      }
    }
    for (let i = 0; i < commissionRows.length; i += 1000) await trx('commissions').insert(commissionRows.slice(i, i + 1000));

    return { advisors: advisors.length, clients: clients.length, contracts: contracts.length, commissions: commissionRows.length };
  });
}
