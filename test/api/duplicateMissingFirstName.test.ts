import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * "Doublons potentiels" with a client that has no first name: the database finds the candidate
 * (through the shared email or phone, since its name key differs) and the list shows the pair
 * with the score duplicateScore.ts gives it; a shared last name alone is never listed.
 */
describe.each(DATABASES)('duplicates of a client without a first name on %s', (_label, embedded) => {
  let app: TestApp;
  let admin: string;
  const ids: Record<string, number> = {};

  const groups = async (minScore: number) => {
    const response = await app.request(`/api/duplicates?filter=${encodeURIComponent(JSON.stringify({ minScore }))}&range=[0,99]`, { cookie: admin });
    expect(response.status).toBe(200);
    return ((await response.json()) as Array<{ clientIds: number[]; score: number; reasons: string[] }>).map(({ clientIds, score, reasons }) => ({ clientIds, score, reasons }));
  };

  beforeAll(async () => {
    app = await startTestApp({ embedded });
    admin = await app.login('admin');
    const create = async (key: string, body: Record<string, unknown>) => {
      const response = await app.request('/api/clients', { method: 'POST', cookie: admin, body });
      expect(response.status).toBe(201);
      ids[key] = (await response.json()).id;
    };
    await create('named', { lastName: 'DUPONT', firstName: 'Jean', email: 'J.Dupont@exemple.fr' });
    await create('phoneNamed', { lastName: 'Garnier', firstName: 'Lucie', phone: '+33612345678' });
    // Those are scored now: the clients without a first name, created next, must find them by themselves.
    await groups(50);
    await create('bare', { lastName: 'Dupont', email: 'j.dupont@exemple.fr' });
    await create('phoneOnly', { lastName: 'Garnier', phone: '06 12 34 56 78' });
    await create('lonely', { lastName: 'Moreau' });
    await create('lonelyNamed', { lastName: 'Moreau', firstName: 'Paul' });
    await create('bothBare1', { lastName: 'Lefèvre' });
    await create('bothBare2', { lastName: 'LEFEVRE' });
  });
  afterAll(() => app?.close());

  it('lists the pair a shared email or phone makes, with the score of a similar name', async () => {
    const listed = await groups(50);
    expect(listed).toContainEqual({ clientIds: [ids.named, ids.bare], score: 60, reasons: ['similar_names', 'same_email'] });
    expect(listed).toContainEqual({ clientIds: [ids.phoneNamed, ids.phoneOnly], score: 59, reasons: ['similar_names', 'same_phone'] });
  });

  it('lists two clients without first names whose last names are the same', async () => {
    expect(await groups(50)).toContainEqual({ clientIds: [ids.bothBare1, ids.bothBare2], score: 60, reasons: ['same_name'] });
  });

  it('never lists a shared last name alone, even at the lowest score', async () => {
    const listed = await groups(0);
    expect(listed.filter((group) => group.clientIds.includes(ids.lonely) || group.clientIds.includes(ids.lonelyNamed))).toEqual([]);
  });
});
