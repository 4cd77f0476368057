import { z } from 'zod';
import { idList, optionalId, recordId } from '../http/simpleRest';
import { blankToNull, recordIdField } from '../validation/fields';
import { codedIssue, customIssue, fieldIssue, type LabelCode } from '../../shared/messages/zodIssues';
import { cleanMultilineText, isEmail, normaliseClientNumber, normaliseEmail, normaliseName, normalisePhone } from '../../shared/contactDetails';

const optionalText = (max: number, label: LabelCode) =>
  z.preprocess(
    blankToNull,
    z
      .string({ error: fieldIssue('field.notText', label) })
      .max(max, fieldIssue('field.tooLong', label, { max: String(max) }))
      // Invisible characters (zero-width, bidirectional overrides…) go: see shared/contactDetails.ts.
      .transform(cleanMultilineText)
      .nullable()
      .optional(),
  );

export const clientInputSchema = z.object({
  lastName: z
    .string({ error: fieldIssue('field.required', 'label.lastName') })
    .transform(normaliseName)
    .pipe(
      z
        .string()
        .min(1, fieldIssue('field.required', 'label.lastName'))
        .max(200, fieldIssue('field.tooLong', 'label.lastName', { max: '200' })),
    ),
  firstName: optionalText(200, 'label.firstName').transform((v) => (v == null ? v : normaliseName(v))),
  clientNumber: optionalText(100, 'label.clientNumber').transform((v) => (v == null ? v : normaliseClientNumber(v))),
  email: optionalText(320, 'label.email')
    .transform((v) => (v == null ? v : normaliseEmail(v)))
    .refine((v) => v == null || isEmail(v), codedIssue('field.emailInvalidExample')),
  phone: optionalText(40, 'label.phone').transform((v, ctx) => {
    if (v == null) return v;
    const phone = normalisePhone(v);
    if (!phone) {
      ctx.addIssue(customIssue({ code: 'field.phoneInvalid' }));
      return z.NEVER;
    }
    return phone;
  }),
  address: optionalText(1000, 'label.address'),
  advisorId: z.preprocess(blankToNull, recordId.nullable().optional()),
});

export type ClientInput = z.infer<typeof clientInputSchema>;
export const clientUpdateSchema = clientInputSchema.partial().extend({
  /** The version the edit started from (optimistic concurrency): a stale one is a 409 and changes nothing. */
  version: recordIdField('label.version').optional(),
});
export type ClientUpdate = z.infer<typeof clientUpdateSchema>;

export const clientFilterSchema = z
  .object({
    q: z.string().max(200).optional(),
    advisorId: optionalId,
    id: z.union([idList, recordId.transform((id) => [id])]).optional(),
    /** The clients a statement import created, updated or matched without change (importOutcome narrows it). */
    importId: optionalId,
    importOutcome: z.enum(['created', 'updated', 'unchanged'], { error: codedIssue('client.importOutcomeExpected') }).optional(),
  })
  .strict();
export type ClientFilter = z.infer<typeof clientFilterSchema>;

export const similarClientsQuerySchema = z.object({
  lastName: z.string().max(200).optional(),
  firstName: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  phone: z.string().max(40).optional(),
  clientNumber: z.string().max(100).optional(),
  excludeId: optionalId,
});
