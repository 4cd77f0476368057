import type { Knex } from 'knex';
import { z } from 'zod';
import { codedIssue, customIssue, fieldIssue, type LabelCode } from '../../shared/messages/zodIssues';

/**
 * The firm's personal-data settings, one row each in app_settings (key/value text):
 * how long a client is kept after the relationship ends, and how long the access log is kept.
 */
export interface PersonalDataSettings {
  id: 'personal-data';
  retentionYears: number;
  accessLogMonths: number;
}

export const PERSONAL_DATA_DEFAULTS = { retentionYears: 5, accessLogMonths: 12 } as const;
export const RETENTION_YEARS_RANGE = { min: 1, max: 50 } as const;
export const ACCESS_LOG_MONTHS_RANGE = { min: 1, max: 120 } as const;

const KEYS = {
  retentionYears: 'personal_data.retention_years',
  accessLogMonths: 'personal_data.access_log_months',
} as const;

const whole = (label: LabelCode, unit: 'ans' | 'mois', { min, max }: { min: number; max: number }) =>
  z
    .number({ error: fieldIssue(unit === 'ans' ? 'field.wholeYears' : 'field.wholeMonths', label) })
    .int(fieldIssue(unit === 'ans' ? 'field.wholeYears' : 'field.wholeMonths', label))
    .min(min, fieldIssue(unit === 'ans' ? 'field.yearsBetween' : 'field.monthsBetween', label, { min: String(min), max: String(max) }))
    .max(max, fieldIssue(unit === 'ans' ? 'field.yearsBetween' : 'field.monthsBetween', label, { min: String(min), max: String(max) }));

const settingsFields = {
  id: z.literal('personal-data', { error: codedIssue('settings.idExpected') }).optional(),
  retentionYears: whole('label.retentionYears', 'ans', RETENTION_YEARS_RANGE).optional(),
  accessLogMonths: whole('label.accessLogMonths', 'mois', ACCESS_LOG_MONTHS_RANGE).optional(),
};

/**
 * PUT body: both fields, or either one (the other is kept). The record's own `id` may come back
 * (react-admin sends the whole record); any other field is refused under its own name, in French
 * (zod's strict mode would answer one English sentence for the whole body).
 */
export const personalDataSettingsInputSchema = z
  .looseObject(settingsFields, { error: codedIssue('settings.objectExpected') })
  .superRefine((body, ctx) => {
    for (const key of Object.keys(body)) {
      if (!Object.hasOwn(settingsFields, key)) ctx.addIssue(customIssue({ code: 'field.unknown', params: { field: key } }, [key]));
    }
  })
  .transform(({ id, retentionYears, accessLogMonths }) => ({ id, retentionYears, accessLogMonths }));
export type PersonalDataSettingsInput = z.infer<typeof personalDataSettingsInputSchema>;

/**
 * The stored settings, defaults for those never saved. A stored value out of range (edited by
 * hand in the database) falls back to the default rather than purging or listing by it.
 */
export async function readPersonalDataSettings(knex: Knex): Promise<PersonalDataSettings> {
  const rows: Array<{ key: string; value: string }> = await knex('app_settings').whereIn('key', Object.values(KEYS)).select('key', 'value');
  const stored = new Map(rows.map((row) => [row.key, Number(row.value)]));
  const pick = (field: keyof typeof KEYS, range: { min: number; max: number }) => {
    const value = stored.get(KEYS[field]);
    return value !== undefined && Number.isInteger(value) && value >= range.min && value <= range.max ? value : PERSONAL_DATA_DEFAULTS[field];
  };
  return {
    id: 'personal-data',
    retentionYears: pick('retentionYears', RETENTION_YEARS_RANGE),
    accessLogMonths: pick('accessLogMonths', ACCESS_LOG_MONTHS_RANGE),
  };
}

/** Saves the given fields in one transaction and answers the settings as now stored. */
export async function writePersonalDataSettings(knex: Knex, input: PersonalDataSettingsInput): Promise<PersonalDataSettings> {
  const rows = (Object.keys(KEYS) as Array<keyof typeof KEYS>).filter((field) => input[field] !== undefined).map((field) => ({ key: KEYS[field], value: String(input[field]) }));
  return knex.transaction(async (trx) => {
    if (rows.length) await trx('app_settings').insert(rows).onConflict('key').merge(['value']);
    return readPersonalDataSettings(trx);
  });
}
