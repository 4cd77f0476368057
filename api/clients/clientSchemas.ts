import { z } from 'zod';
import { idList, optionalId, recordId } from '../http/simpleRest';
import { recordIdField } from '../validation/fields';
import { cleanMultilineText, isEmail, normaliseClientNumber, normaliseEmail, normaliseName, normalisePhone, stripInvisible } from '../../shared/contactDetails';

/** '' and whitespace (or invisible characters alone) mean "no value"; an absent key means "unchanged" (on update). */
const blankToNull = (value: unknown) => (typeof value === 'string' && stripInvisible(value).trim() === '' ? null : value);

const optionalText = (max: number, label: string) =>
  z.preprocess(
    blankToNull,
    z
      .string({ error: `${label} doit être un texte.` })
      .max(max, `${label} ne peut dépasser ${max} caractères.`)
      // Invisible characters (zero-width, bidirectional overrides…) go: see shared/contactDetails.ts.
      .transform(cleanMultilineText)
      .nullable()
      .optional(),
  );

export const clientInputSchema = z.object({
  lastName: z
    .string({ error: 'Le nom est obligatoire.' })
    .transform(normaliseName)
    .pipe(z.string().min(1, 'Le nom est obligatoire.').max(200, 'Le nom ne peut dépasser 200 caractères.')),
  firstName: optionalText(200, 'Le prénom').transform((v) => (v == null ? v : normaliseName(v))),
  clientNumber: optionalText(100, 'Le numéro client').transform((v) => (v == null ? v : normaliseClientNumber(v))),
  email: optionalText(320, 'L’email')
    .transform((v) => (v == null ? v : normaliseEmail(v)))
    .refine((v) => v == null || isEmail(v), 'Adresse email invalide (exemple : jean.dupont@exemple.fr).'),
  phone: optionalText(40, 'Le téléphone').transform((v, ctx) => {
    if (v == null) return v;
    const phone = normalisePhone(v);
    if (!phone) {
      ctx.addIssue({ code: 'custom', message: 'Numéro de téléphone invalide (exemple : 06 12 34 56 78).' });
      return z.NEVER;
    }
    return phone;
  }),
  address: optionalText(1000, 'L’adresse'),
  advisorId: z.preprocess(blankToNull, recordId.nullable().optional()),
});

export type ClientInput = z.infer<typeof clientInputSchema>;
export const clientUpdateSchema = clientInputSchema.partial().extend({
  /** The version the edit started from (optimistic concurrency): a stale one is a 409 and changes nothing. */
  version: recordIdField('Version').optional(),
});
export type ClientUpdate = z.infer<typeof clientUpdateSchema>;

export const clientFilterSchema = z
  .object({
    q: z.string().max(200).optional(),
    advisorId: optionalId,
    id: z.union([idList, recordId.transform((id) => [id])]).optional(),
    /** The clients a statement import created, updated or matched without change (importOutcome narrows it). */
    importId: optionalId,
    importOutcome: z.enum(['created', 'updated', 'unchanged'], { error: 'Résultat d’import attendu : created, updated ou unchanged.' }).optional(),
  })
  .strict();
export type ClientFilter = z.infer<typeof clientFilterSchema>;

export const CLIENT_SORTABLE = ['id', 'lastName', 'firstName', 'clientNumber', 'email', 'phone', 'activeContracts', 'advisorId', 'createdAt', 'updatedAt'] as const;

export const similarClientsQuerySchema = z.object({
  lastName: z.string().max(200).optional(),
  firstName: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  phone: z.string().max(40).optional(),
  clientNumber: z.string().max(100).optional(),
  excludeId: optionalId,
});
