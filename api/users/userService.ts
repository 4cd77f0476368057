import argon2 from 'argon2';
import type { Knex } from 'knex';
import { z } from 'zod';
import { databaseErrorOf } from '../database/databaseError';
import { frenchNameKey } from '../database/frenchOrder';
import { escapeLike, fetchPage } from '../database/page';
import { HttpError, notFound } from '../http/httpError';
import { idList, type ListQuery } from '../http/simpleRest';
import { normaliseName } from '../../shared/contactDetails';
import { ROLES, User, type Role, type SessionUser } from './userModel';

const password = z.string({ error: 'Le mot de passe est obligatoire.' }).min(10, 'Le mot de passe doit contenir au moins 10 caractères.').max(200);

export const userCreateSchema = z.object({
  email: z.email('Adresse email invalide.').trim().toLowerCase(),
  fullName: z.string({ error: 'Le nom est obligatoire.' }).transform(normaliseName).pipe(z.string().min(1, 'Le nom est obligatoire.').max(200)),
  role: z.enum(ROLES, { error: 'Rôle attendu : admin ou support.' }),
  password,
  active: z.boolean().optional(),
});
export const userUpdateSchema = userCreateSchema.partial().extend({
  // An empty password field in the edit form means "keep the current one".
  password: z.preprocess((v) => (v === '' || v === null ? undefined : v), password.optional()),
});
export const userFilterSchema = z.object({ q: z.string().max(200).optional(), id: idList.optional(), role: z.enum(ROLES).optional() }).strict();
export const USER_SORTABLE = ['id', 'email', 'fullName', 'role', 'active', 'lastLoginAt'] as const;

const SORT_COLUMNS: Record<string, string> = { id: 'id', email: 'email', fullName: frenchNameKey('full_name'), role: 'role', active: 'active', lastLoginAt: 'last_login_at' };
const PUBLIC_COLUMNS = ['id', 'email', 'full_name', 'role', 'active', 'last_login_at', 'created_at'];

export class UserService {
  /** Hash verified when the email is unknown, so both failures take the same time. */
  private decoyHash: Promise<string> | undefined;

  /**
   * @param sessionsEnded told after a change that ended a user's sessions has committed, so that
   * this process stops serving them from its session cache at once (SessionCache.forgetUser).
   */
  constructor(
    private readonly knex: Knex,
    private readonly sessionsEnded: (userId: number) => void = () => {},
  ) {}

  /** The user for these credentials, or null: wrong password, unknown email and deactivated account look alike. */
  async authenticate(email: string, plainPassword: string): Promise<SessionUser | null> {
    const user = await User.query(this.knex).whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).first();
    if (!user) {
      this.decoyHash ??= argon2.hash('decoy password for timing');
      await argon2.verify(await this.decoyHash, plainPassword);
      return null;
    }
    const valid = await argon2.verify(user.passwordHash, plainPassword);
    if (!valid || !user.active) return null;
    await User.query(this.knex).findById(user.id).patch({ lastLoginAt: new Date() });
    return toSessionUser(user);
  }

  async list({ sort, range, filter }: ListQuery<z.infer<typeof userFilterSchema>>) {
    const filtered = this.knex('users').modify((q) => {
      if (filter.id) q.whereIn('id', filter.id);
      if (filter.role) q.where('role', filter.role);
      if (filter.q) q.whereRaw(`lower(email || ' ' || full_name) LIKE '%' || lower(?) || '%'`, [escapeLike(filter.q.trim())]);
    });
    const page = await fetchPage<Record<string, any>>(filtered, {
      select: (q) => q.select(PUBLIC_COLUMNS),
      orderBy: SORT_COLUMNS[sort.field],
      order: sort.order,
      tieBreaker: 'id',
      range,
    });
    return { ...page, rows: page.rows.map(toUserRecord) };
  }

  async get(id: number, knex: Knex = this.knex) {
    const row = await knex('users').select(PUBLIC_COLUMNS).where('id', id).first();
    if (!row) throw notFound(`L’utilisateur n° ${id} n’existe pas.`);
    return toUserRecord(row);
  }

  async create(input: z.infer<typeof userCreateSchema>) {
    try {
      const { id } = await User.query(this.knex)
        .insert({ email: input.email, fullName: input.fullName, role: input.role, active: input.active ?? true, passwordHash: await argon2.hash(input.password) })
        .returning('id');
      return this.get(id);
    } catch (error) {
      throw emailTaken(error) ?? error;
    }
  }

  /** Changes role, name, active flag or password; the last active admin cannot lock everybody out. */
  async update(id: number, input: z.infer<typeof userUpdateSchema>) {
    const endsSessions = input.active !== undefined || input.role !== undefined || input.password !== undefined;
    try {
      return await this.updateInTransaction(id, input, endsSessions);
    } catch (error) {
      throw emailTaken(error) ?? error;
    } finally {
      // After the commit (or the rollback, harmless): a read that raced the transaction saw the
      // session row still there, and must not keep serving it.
      if (endsSessions) this.sessionsEnded(id);
    }
  }

  private async updateInTransaction(id: number, input: z.infer<typeof userUpdateSchema>, endsSessions: boolean) {
    return this.knex.transaction(async (trx) => {
      const current = await User.query(trx).findById(id).forUpdate();
      if (!current) throw notFound(`L’utilisateur n° ${id} n’existe pas.`);
      const losesAdmin = current.role === 'admin' && current.active && (input.role === 'support' || input.active === false);
      if (losesAdmin) {
        const [{ count }] = await trx('users').where({ role: 'admin', active: true }).whereNot('id', id).count<{ count: number }[]>('* as count');
        if (Number(count) === 0) {
          throw new HttpError(409, 'Il doit rester au moins un administrateur actif.', { role: 'Dernier administrateur actif.' });
        }
      }
      const patch: Partial<User> = { updatedAt: new Date() };
      if (input.email !== undefined) patch.email = input.email;
      if (input.fullName !== undefined) patch.fullName = input.fullName;
      if (input.role !== undefined) patch.role = input.role;
      if (input.active !== undefined) patch.active = input.active;
      if (input.password !== undefined) patch.passwordHash = await argon2.hash(input.password);
      await User.query(trx).findById(id).patch(patch);
      // Sessions carry the user's role: a change of role, active flag or password ends them.
      if (endsSessions) {
        await trx('sessions').whereRaw(`(sess::jsonb ->> 'userId')::int = ?`, [id]).delete();
      }
      return this.get(id, trx);
    });
  }

  /** Creates the account, or resets its password and makes it an active admin (ADMIN_EMAIL / ADMIN_PASSWORD at start). */
  async ensureAccount(input: { email: string; password: string; fullName: string; role: Role }) {
    const parsed = userCreateSchema.parse(input);
    const existing = await User.query(this.knex).whereRaw('lower(email) = ?', [parsed.email]).first();
    if (!existing) return this.create(parsed);
    return this.update(existing.id, { role: parsed.role, active: true, password: parsed.password });
  }

  async count(): Promise<number> {
    const [{ count }] = await this.knex('users').count<{ count: number }[]>('* as count');
    return Number(count);
  }
}

/** The 409 for an email another account holds (users_email_key, case-insensitive), on create and update alike. */
function emailTaken(error: unknown): HttpError | undefined {
  const { code, constraint } = databaseErrorOf(error);
  if (code === '23505' && constraint === 'users_email_key') return new HttpError(409, 'Un utilisateur existe déjà avec cet email.', { email: 'Email déjà utilisé.' });
  return undefined;
}

function toSessionUser(user: User): SessionUser {
  return { id: user.id, email: user.email, fullName: user.fullName, role: user.role };
}

function toUserRecord(row: Record<string, any>) {
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    role: row.role,
    active: row.active,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
  };
}
