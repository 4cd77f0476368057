import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases';
import { waitingOnLocks } from '../support/pausableKnex';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * A merge racing an edit, an anonymisation or a delete of one of its clients deadlocked (19 of
 * 30 races gave a 500): the merge took its table lock, then waited for the client's row, which
 * the other request held while it waited for the table. Now every writer locks client rows in id
 * order before anything else, a transaction PostgreSQL still rolls back for a deadlock is run
 * again, and the loser gets a 409 that says why, never a 500.
 *
 * Forced on the real server: the test holds the absorbed client's row lock, queues both
 * requests behind it in a chosen order (PostgreSQL shows them waiting), then lets go. On PGlite
 * (one session, nothing runs concurrently) the same pairs run one after the other.
 */
const RACES = Number(process.env.MERGE_RACES ?? 30);
type Op = 'edit' | 'anonymise' | 'delete';

describe.each(DATABASES)('a merge against an edit, an anonymisation or a delete on %s', (_label, embedded) => {
  let app: TestApp;
  let admin: string;
  let forced: boolean;
  const tally: Record<string, number> = {};

  beforeAll(async () => {
    app = await startTestApp({ embedded });
    admin = await app.login('admin');
    forced = !app.db.embedded;
  });
  afterAll(async () => {
    if (process.env.REPORT_RACES) console.info(`merge races on ${_label}: ${JSON.stringify(tally)}`);
    await app?.close();
  });

  async function pair(n: number) {
    const knex = app.db.knex;
    const [kept] = await knex('clients')
      .insert({ last_name: `Garde${n}`, client_number: `MK-${n}` })
      .returning(['id', 'version']);
    const [source] = await knex('clients')
      .insert({ last_name: `Source${n}`, email: `source${n}@exemple.fr`, client_number: `MS-${n}` })
      .returning(['id', 'version']);
    await knex('contracts').insert({ contract_number: `MC-${n}`, client_id: source.id });
    return { kept, source };
  }

  const request = (op: Op, id: number, version?: number) => {
    if (op === 'edit') return app.request(`/api/clients/${id}`, { method: 'PUT', cookie: admin, body: { email: `change${id}@exemple.fr`, ...(version ? { version } : {}) } });
    if (op === 'anonymise') return app.request(`/api/clients/${id}/anonymise`, { method: 'POST', cookie: admin });
    return app.request(`/api/clients/${id}`, { method: 'DELETE', cookie: admin });
  };
  const merge = (keptId: number, sourceId: number, versions?: Record<number, number>) =>
    app.request(`/api/clients/${keptId}/merge`, { method: 'POST', cookie: admin, body: { sourceIds: [sourceId], ...(versions ? { versions } : {}) } });

  /** Sends `first`, then `second`, both queued behind the source's row lock, and lets go (one after the other on PGlite). */
  async function race(sourceId: number, first: () => Promise<Response>, second: () => Promise<Response>) {
    if (!forced) {
      const a = await first();
      const b = await second();
      return [a, b];
    }
    const holder = await app.db.knex.transaction();
    try {
      await holder('clients').where({ id: sourceId }).forUpdate();
      const a = first();
      await waitingOnLocks(app.db.knex, 1);
      const b = second();
      await waitingOnLocks(app.db.knex, 2);
      await holder.commit();
      return await Promise.all([a, b]);
    } catch (error) {
      await holder.rollback().catch(() => undefined);
      throw error;
    }
  }

  async function outcome(responses: Response[]) {
    return Promise.all(responses.map(async (response) => ({ status: response.status, message: (await response.json()).message as string | undefined })));
  }

  it.each<[Op, number, number]>([
    ['edit', 200, 200],
    ['anonymise', 200, 200],
    ['delete', 200, 409],
  ])(
    '%s queued first: it wins (%i), then the merge (%i); never a deadlock or a 500',
    async (op, opStatus, racedMergeStatus) => {
      const races = forced ? RACES : 3;
      // One after the other, the merge of a client already deleted is asked for an unknown client (404).
      const mergeStatus = !forced && racedMergeStatus === 409 ? 404 : racedMergeStatus;
      for (let n = 0; n < races; n++) {
        const { kept, source } = await pair(n + (op === 'edit' ? 0 : op === 'anonymise' ? 1000 : 2000));
        const [opAnswer, mergeAnswer] = await outcome(
          await race(
            source.id,
            () => request(op, source.id),
            () => merge(kept.id, source.id),
          ),
        );
        tally[`${op} first`] = (tally[`${op} first`] ?? 0) + 1;
        expect([opAnswer.status, mergeAnswer.status], `${op} race ${n}: ${opAnswer.message} / ${mergeAnswer.message}`).toEqual([opStatus, mergeStatus]);
        if (mergeStatus === 409) expect(mergeAnswer.message).toBe('Un des clients a été fusionné ou supprimé entre-temps : rechargez la page.');
        if (mergeStatus === 404) expect(mergeAnswer.message).toBe(`Client(s) introuvable(s) : n° ${source.id}.`);
        // Either way the source is gone, and its contract is where the winner left it.
        expect(await app.db.knex('clients').where({ id: source.id }).first()).toBeUndefined();
        const contract = await app.db
          .knex('contracts')
          .where({ contract_number: `MC-${n + (op === 'edit' ? 0 : op === 'anonymise' ? 1000 : 2000)}` })
          .first();
        expect(contract.client_id).toBe(mergeStatus === 200 ? kept.id : null);
        // The merge absorbed the client as the edit left it (its merge entry keeps the absorbed state).
        if (op === 'edit') {
          const entry = await app.db.knex('audit_entries_readable').where({ record_type: 'client', record_id: kept.id, action: 'merge' }).first();
          expect(entry.changes.mergedClients.before[0].email).toBe(`change${source.id}@exemple.fr`);
        }
      }
    },
    120_000,
  );

  it.each<Op>(['edit', 'anonymise', 'delete'])(
    'merge queued first: it wins, and the %s gets a 409 naming the client it went into',
    async (op) => {
      const races = forced ? Math.ceil(RACES / 3) : 2;
      for (let n = 0; n < races; n++) {
        const { kept, source } = await pair(3000 + n + (op === 'edit' ? 0 : op === 'anonymise' ? 100 : 200));
        const [mergeAnswer, opAnswer] = await outcome(
          await race(
            source.id,
            () => merge(kept.id, source.id),
            () => request(op, source.id),
          ),
        );
        tally[`merge before ${op}`] = (tally[`merge before ${op}`] ?? 0) + 1;
        expect([mergeAnswer.status, opAnswer.status], `${op} race ${n}: ${opAnswer.message}`).toEqual([200, 409]);
        expect(opAnswer.message).toBe(`Le client n° ${source.id} a été fusionné dans le client n° ${kept.id} : rien n’a été modifié. Ouvrez la fiche du client n° ${kept.id}.`);
        expect(await app.db.knex('clients').where({ id: kept.id }).first()).toMatchObject({ anonymised_at: null });
      }
    },
    120_000,
  );

  it('with versions, of an edit and a merge of the same client exactly one is applied', async () => {
    const races = forced ? Math.ceil(RACES / 3) : 2;
    for (let n = 0; n < races; n++) {
      for (const order of ['edit first', 'merge first'] as const) {
        const { kept, source } = await pair(4000 + n * 2 + (order === 'edit first' ? 0 : 1));
        const edit = () => request('edit', source.id, source.version);
        const merged = () => merge(kept.id, source.id, { [kept.id]: kept.version, [source.id]: source.version });
        const answers = await outcome(await race(source.id, order === 'edit first' ? edit : merged, order === 'edit first' ? merged : edit));
        tally[`versions, ${order}`] = (tally[`versions, ${order}`] ?? 0) + 1;
        expect(
          answers.map((a) => a.status),
          `${order} ${n}: ${answers.map((a) => a.message)}`,
        ).toEqual([200, 409]);
        // The loser says why: the client changed since it was read, or it was merged meanwhile.
        expect(answers[1].message).toMatch(order === 'edit first' ? /^Ce client a été modifié par Anne Admin/ : /a été fusionné dans le client/);
      }
    }
  }, 120_000);
});
