import type { Knex } from 'knex';
import { z } from 'zod';
import { databaseErrorOf } from '../database/databaseError';
import { frenchNameKey } from '../database/frenchOrder';
import { escapeLike } from '../listing/likePattern';
import { fetchPage } from '../listing/listPage';
import { HttpError, notFound } from '../http/httpError';
import { idList, type ListQuery } from '../http/simpleRest';
import { normaliseName } from '../../shared/contactDetails';
import { codedIssue, fieldIssue } from '../../shared/messages/zodIssues';
import { hashPassword, verifyPassword } from '../auth/passwordHashing';
import { User } from './userModel';
import { ROLES, type Role, type SessionUser, type UserRecord } from '../../shared/entities/user';
import { columnName, everyField, fieldsOfRow, type Row } from '../../shared/entities/fieldNames';

const password = z
  .string({ error: fieldIssue('field.required', 'label.password') })
  .min(10, codedIssue('user.passwordTooShort', { min: '10' }))
  .max(200);

export const userCreateSchema = z.object({
  email: z.email(codedIssue('field.emailInvalid')).trim().toLowerCase(),
  fullName: z
    .string({ error: fieldIssue('field.required', 'label.name') })
    .transform(normaliseName)
    .pipe(z.string().min(1, fieldIssue('field.required', 'label.name')).max(200)),
  role: z.enum(ROLES, { error: codedIssue('user.roleExpected') }),
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
const PUBLIC_FIELDS = everyField<UserRecord>()(['id', 'email', 'fullName', 'role', 'active', 'lastLoginAt', 'createdAt']);
const PUBLIC_COLUMNS = PUBLIC_FIELDS.map(columnName);

export class UserService {
  /** Hash verified when the email is unknown, so both failures take the same time. */
  private decoyHash: Promise<string> | undefined;

  /**
   * @param sessionsEnded told after a change that ended or rewrote a user's sessions has
   * committed, so that this process stops serving them from its session cache at once
   * (SessionCache.forgetUser).
   */
  constructor(
    private readonly knex: Knex,
    private readonly sessionsEnded: (userId: number) => void = () => {},
  ) {}

  /** The user for these credentials, or null: wrong password, unknown email and deactivated account look alike. */
  async authenticate(email: string, plainPassword: string): Promise<SessionUser | null> {
    const user = await User.query(this.knex).whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).first();
    if (!user) {
      this.decoyHash ??= hashPassword('decoy password for timing');
      // Behind the hashes of real accounts when the machine is busy (passwordHashing.ts).
      await verifyPassword(await this.decoyHash, plainPassword, 'decoy');
      return null;
    }
    const valid = await verifyPassword(user.passwordHash, plainPassword);
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
    const page = await fetchPage<Row<UserRecord>>(filtered, {
      counter: 'users',
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
    if (!row) throw notFound({ code: 'user.notFound', params: { id: String(id) } });
    return toUserRecord(row);
  }

  async create(input: z.infer<typeof userCreateSchema>) {
    try {
      const { id } = await User.query(this.knex)
        .insert({ email: input.email, fullName: input.fullName, role: input.role, active: input.active ?? true, passwordHash: await hashPassword(input.password) })
        .returning('id');
      return this.get(id);
    } catch (error) {
      throw emailTaken(error) ?? error;
    }
  }

  /** Changes role, name, active flag or password; the last active admin cannot lock everybody out. */
  async update(id: number, input: z.infer<typeof userUpdateSchema>) {
    const endsSessions = input.active !== undefined || input.role !== undefined || input.password !== undefined;
    const renames = input.email !== undefined || input.fullName !== undefined;
    try {
      return await this.updateInTransaction(id, input, endsSessions);
    } catch (error) {
      throw emailTaken(error) ?? error;
    } finally {
      // After the commit (or the rollback, harmless): a read that raced the transaction saw the
      // session row still there, and must not keep serving it.
      if (endsSessions || renames) this.sessionsEnded(id);
    }
  }

  private async updateInTransaction(id: number, input: z.infer<typeof userUpdateSchema>, endsSessions: boolean) {
    return this.knex.transaction(async (trx) => {
      // A change of role or active flag locks every active admin too, in id order and in one
      // statement: of two simultaneous demotions of the last two admins, the second one waits,
      // then sees (PostgreSQL re-reads a row it waited for) that the first one is no longer an
      // admin, and is refused. Without it both counted the other one and both succeeded.
      const mayLoseAdmin = input.role !== undefined || input.active !== undefined;
      const locked: Array<{ id: number; role: Role; active: boolean }> = await trx('users')
        .select('id', 'role', 'active')
        .where('id', id)
        .modify((q) => (mayLoseAdmin ? q.orWhere((admins) => admins.where({ role: 'admin', active: true })) : q))
        .orderBy('id')
        .forUpdate();
      const current = locked.find((row) => row.id === id);
      if (!current) throw notFound({ code: 'user.notFound', params: { id: String(id) } });
      const losesAdmin = current.role === 'admin' && current.active && (input.role === 'support' || input.active === false);
      if (losesAdmin && !locked.some((row) => row.id !== id && row.role === 'admin' && row.active)) {
        throw new HttpError(409, { code: 'user.lastAdmin' }, { role: { code: 'user.lastAdminField' } });
      }
      const patch: Partial<User> = { updatedAt: new Date() };
      if (input.email !== undefined) patch.email = input.email;
      if (input.fullName !== undefined) patch.fullName = input.fullName;
      if (input.role !== undefined) patch.role = input.role;
      if (input.active !== undefined) patch.active = input.active;
      if (input.password !== undefined) patch.passwordHash = await hashPassword(input.password);
      await User.query(trx).findById(id).patch(patch);
      // Sessions carry the user's role: a change of role, active flag or password ends them.
      if (endsSessions) {
        await trx('sessions').whereRaw(`(sess::jsonb ->> 'userId')::int = ?`, [id]).delete();
      } else if (input.email !== undefined || input.fullName !== undefined) {
        // Sessions show who is signed in (/api/auth/me) and sign the audit trail's entries:
        // a new email or name is theirs at once, not at the next sign-in.
        const user = await User.query(trx).findById(id);
        await trx('sessions')
          .whereRaw(`(sess::jsonb ->> 'userId')::int = ?`, [id])
          .update({ sess: trx.raw(`jsonb_set(jsonb_set(sess::jsonb, '{user,email}', to_jsonb(?::text)), '{user,fullName}', to_jsonb(?::text))::json`, [user!.email, user!.fullName]) });
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
  if (code === '23505' && constraint === 'users_email_key') return new HttpError(409, { code: 'user.emailTaken' }, { email: { code: 'user.emailTakenField' } });
  return undefined;
}

function toSessionUser(user: User): SessionUser {
  return { id: user.id, email: user.email, fullName: user.fullName, role: user.role };
}

function toUserRecord(row: Row<UserRecord>): UserRecord {
  return fieldsOfRow<UserRecord>(PUBLIC_FIELDS, row);
}
