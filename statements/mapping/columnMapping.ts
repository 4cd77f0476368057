import { createHash } from 'node:crypto';
import { columnLetter } from '../cellAddress';
import { z } from 'zod';
import { customIssue } from '../../shared/messages/zodIssues';
import { renderFields, type Message } from '../../shared/messages/message';
import { withoutAccents } from '../../shared/accentFolding';

/**
 * Which column of a statement feeds which field. Insurers name their columns as they like;
 * the synonyms below (French and English) let the import propose a mapping the user then
 * only has to check.
 */
export const IMPORT_FIELDS = [
  'clientNumber',
  'lastName',
  'firstName',
  'email',
  'phone',
  'address',
  'contractNumber',
  'product',
  'insurer',
  'advisor',
  'status',
  'startDate',
  'endDate',
  'date',
  'amount',
  'label',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The catalogue's name of a target: `Numéro client`, `Client number`. */
export const importFieldLabel = (field: ImportField): Message => ({ code: `importField.${field}` });

/** Fields that describe the client: mapping any of them means clients are created or updated. */
export const CLIENT_FIELDS: readonly ImportField[] = ['clientNumber', 'lastName', 'firstName', 'email', 'phone', 'address'];

/** `{ field: columnHeader }` as the user sees and edits it. */
export type ColumnMapping = Partial<Record<ImportField, string>>;
/** `{ field: columnIndex }` (0-based) as the row reader uses it. */
export type ResolvedMapping = Partial<Record<ImportField, number>>;

/** `N° client` → `n client`, `Montant HT (€)` → `montant ht`, `E-mail` → `e mail`. */
export function normaliseHeader(header: string): string {
  return withoutAccents(header)
    .toLowerCase()
    .replace(/[°º]/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Exact synonyms (normalised), best first within a field. */
const SYNONYMS: Record<ImportField, string[]> = {
  clientNumber: [
    'n client',
    'no client',
    'num client',
    'numero client',
    'numero du client',
    'numero de client',
    'n du client',
    'n de client',
    'client number',
    'client no',
    'client id',
    'customer number',
    'customer id',
    'id client',
    'code client',
    'ref client',
    'reference client',
    'n adherent',
    'numero adherent',
    'n assure',
    'numero assure',
    'n souscripteur',
  ],
  lastName: [
    'nom',
    'nom du client',
    'nom client',
    'nom de famille',
    'last name',
    'lastname',
    'surname',
    'family name',
    'client name',
    'customer name',
    'name',
    'nom assure',
    'nom de l assure',
    'assure',
    'souscripteur',
    'nom souscripteur',
    'raison sociale',
  ],
  firstName: ['prenom', 'prenom du client', 'prenom client', 'first name', 'firstname', 'given name', 'prenom assure'],
  email: ['e mail', 'email', 'mail', 'courriel', 'adresse e mail', 'adresse email', 'adresse mail', 'email address', 'e mail address'],
  phone: ['tel', 'telephone', 'tel portable', 'portable', 'mobile', 'phone', 'phone number', 'n de telephone', 'n telephone', 'numero de telephone'],
  address: ['adresse', 'adresse postale', 'address', 'postal address'],
  contractNumber: [
    'n de contrat',
    'n contrat',
    'no contrat',
    'numero de contrat',
    'numero contrat',
    'contrat',
    'police',
    'n de police',
    'n police',
    'numero de police',
    'contract number',
    'contract no',
    'contract',
    'policy',
    'policy number',
    'policy no',
    'ref contrat',
  ],
  product: ['produit', 'product', 'libelle produit', 'nom du produit', 'garantie', 'formule', 'gamme'],
  insurer: ['compagnie', 'assureur', 'compagnie d assurance', 'insurer', 'insurance company', 'company', 'carrier'],
  advisor: ['conseiller', 'nom du conseiller', 'conseiller referent', 'advisor', 'adviser', 'apporteur', 'commercial', 'courtier', 'intermediaire', 'agent'],
  // The contract's life. "Date d'effet" is when the contract started, never when a commission was
  // earned: it has its own field so that it can never be proposed as the commission date.
  status: ['statut', 'etat', 'situation', 'statut du contrat', 'etat du contrat', 'situation du contrat', 'statut contrat', 'status', 'contract status', 'policy status'],
  startDate: [
    'date d effet',
    'date effet',
    'effet',
    'date d effet du contrat',
    'date de souscription',
    'date souscription',
    'date d adhesion',
    'date adhesion',
    'date de debut',
    'date debut',
    'debut de contrat',
    'effective date',
    'start date',
    'inception date',
  ],
  endDate: [
    'date de resiliation',
    'date resiliation',
    'date de fin',
    'date fin',
    'date de fin de contrat',
    'date de sortie',
    'date sortie',
    'fin de contrat',
    'date de cessation',
    'end date',
    'termination date',
    'cancellation date',
  ],
  // The commission's own date (or its period, read as the month's first day).
  date: [
    'date de valeur',
    'date valeur',
    'date de paiement',
    'date paiement',
    'date de commission',
    'date commission',
    'date de la commission',
    'date d echeance de la commission',
    'date echeance commission',
    'date d echeance',
    'echeance',
    'periode',
    'periode de commission',
    'mois',
    'mois de commission',
    'date',
    'date operation',
    'date d operation',
    'value date',
    'payment date',
    'commission date',
    'period',
    'month',
  ],
  amount: [
    'montant',
    'montant ht',
    'montant ht eur',
    'montant eur',
    'commission',
    'commissions',
    'montant commission',
    'montant de la commission',
    'commission ht',
    'montant ttc',
    'net a payer',
    'amount',
    'commission amount',
    'total commission',
  ],
  label: ['libelle', 'label', 'description', 'designation', 'nature', 'type de commission', 'type', 'motif', 'commentaire'],
};

/** Words of a header that names the contract's start (never the commission's date). */
const START_DATE_WORDS = /\b(effet|souscription|adhesion|debut|effective|inception)\b/;
const END_DATE_WORDS = /\b(resiliation|fin|sortie|cessation|termination|cancellation)\b/;

/** Looser matches, tried only when no exact synonym claimed the column. */
const KEYWORDS: Array<[ImportField, RegExp]> = [
  ['clientNumber', /\b(n|no|num|numero|ref|reference|code|id)\b.*\b(client|adherent|assure|customer)\b/],
  // "Date de résiliation du contrat", "Statut du contrat" name the contract but are not its number.
  ['contractNumber', /^(?!.*\b(date|statut|etat|status|situation)\b).*\b(contrat|police|policy|contract)\b/],
  ['advisor', /\b(conseiller|advisor|apporteur)\b/],
  // "Date de la commission versée" is a date, not an amount.
  ['amount', /^(?!.*\b(date|periode|mois)\b).*\b(montant|commission|amount)\b/],
  ['email', /\b(mail|courriel)\b/],
  ['phone', /\b(tel|telephone|phone|portable|mobile)\b/],
  // Before the commission date: a column that names the contract's start or end is never it.
  ['startDate', START_DATE_WORDS],
  ['endDate', END_DATE_WORDS],
  ['status', /\b(statut|etat|status)\b/],
  ['date', new RegExp(`^(?!.*(${START_DATE_WORDS.source}|${END_DATE_WORDS.source})).*\\b(date|periode|period|mois)\\b`)],
];

const SYNONYM_INDEX = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) for (const synonym of SYNONYMS[field]) if (!SYNONYM_INDEX.has(synonym)) SYNONYM_INDEX.set(synonym, field);

export function fieldOfHeader(header: string): ImportField | undefined {
  return SYNONYM_INDEX.get(normaliseHeader(header));
}

/** How much a row looks like a header: the number of distinct fields its cells name. */
export function headerScore(cells: Array<string | null>): number {
  const fields = new Set<ImportField>();
  for (const cell of cells) {
    if (!cell) continue;
    const field = fieldOfHeader(cell);
    if (field) fields.add(field);
  }
  return fields.size;
}

/** At least two recognised column names make a header; title rows above it score less. */
export const MIN_HEADER_SCORE = 2;

/** Index (0-based) of the header among the first rows of a sheet, or -1. */
export function detectHeaderRow(rows: Array<Array<string | null>>): number {
  let best = -1;
  let bestScore = MIN_HEADER_SCORE - 1;
  rows.forEach((cells, index) => {
    const score = headerScore(cells);
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}

/** Column names as the user will pick them: blank headers get their letter, duplicates a suffix. */
export function columnNames(headerCells: Array<string | null>): string[] {
  const seen = new Map<string, number>();
  let last = headerCells.length - 1;
  while (last >= 0 && !headerCells[last]) last--;
  return headerCells.slice(0, last + 1).map((cell, index) => {
    const base = cell ? cell.replace(/\s+/g, ' ').trim() : `Colonne ${columnLetter(index)}`;
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

/** The mapping proposed from the headers: exact synonyms first, then keywords; one column per field. */
export function proposeMapping(columns: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  const normalised = columns.map(normaliseHeader);
  for (const field of IMPORT_FIELDS) {
    for (const synonym of SYNONYMS[field]) {
      const index = normalised.findIndex((header, i) => !used.has(i) && header === synonym && SYNONYM_INDEX.get(header) === field);
      if (index >= 0) {
        mapping[field] = columns[index];
        used.add(index);
        break;
      }
    }
  }
  for (const [field, pattern] of KEYWORDS) {
    if (mapping[field]) continue;
    const index = normalised.findIndex((header, i) => !used.has(i) && pattern.test(header));
    if (index >= 0) {
      mapping[field] = columns[index];
      used.add(index);
    }
  }
  return mapping;
}

export const columnMappingSchema = z.record(z.string(), z.union([z.string().max(500), z.null()])).transform((raw, ctx) => {
  const mapping: ColumnMapping = {};
  for (const [field, column] of Object.entries(raw)) {
    if (!(IMPORT_FIELDS as readonly string[]).includes(field)) {
      ctx.addIssue(customIssue({ code: 'mapping.unknownField', params: { field, fields: IMPORT_FIELDS.join(', ') } }, [field]));
      continue;
    }
    if (column && column.trim()) mapping[field as ImportField] = column.trim();
  }
  return mapping;
});

/**
 * A header that names the contract's start or end ("Date d'effet", "Date de résiliation"): the
 * commission date is never read from it, whoever chose it (a proposal, a saved mapping, the user).
 */
export function namesContractDate(header: string): boolean {
  const normalised = normaliseHeader(header);
  const field = SYNONYM_INDEX.get(normalised);
  if (field === 'startDate' || field === 'endDate') return true;
  return !field && (START_DATE_WORDS.test(normalised) || END_DATE_WORDS.test(normalised));
}

export type MappingCheck<E = string> = { ok: true; resolved: ResolvedMapping } | { ok: false; errors: Record<string, E> };

/**
 * Checks a mapping against the file's columns: every mapped column exists, no column feeds
 * two fields, the amount is there, the commission date is a column that is not a contract date
 * or else the statement's period is given, and client details come with the client number
 * that identifies the client (spec: "Le numéro client permet d'identifier ... lors des imports").
 */
export function checkMapping(mapping: ColumnMapping, columns: string[], options: { period?: string | null } = {}): MappingCheck<Message> {
  const errors: Record<string, Message> = {};
  const resolved: ResolvedMapping = {};
  const usedBy = new Map<number, ImportField>();
  for (const field of IMPORT_FIELDS) {
    const column = mapping[field];
    if (!column) continue;
    const exact = columns.indexOf(column);
    const index = exact >= 0 ? exact : columns.findIndex((name) => name.toLowerCase() === column.toLowerCase());
    if (index < 0) {
      errors[`mapping.${field}`] = { code: 'mapping.columnMissing', params: { column } };
      continue;
    }
    const other = usedBy.get(index);
    if (other) {
      errors[`mapping.${field}`] = { code: 'mapping.columnUsed', params: { column, field: importFieldLabel(other) } };
      continue;
    }
    usedBy.set(index, field);
    resolved[field] = index;
  }
  if (!mapping.amount) errors['mapping.amount'] = { code: 'mapping.amountRequired' };
  if (!mapping.date && !options.period) {
    errors.period = { code: 'mapping.dateRequired' };
  }
  if (mapping.date && namesContractDate(mapping.date) && !errors['mapping.date']) {
    errors['mapping.date'] = { code: 'mapping.contractDate', params: { column: mapping.date } };
  }
  const clientDetails = CLIENT_FIELDS.filter((field) => field !== 'clientNumber' && mapping[field]);
  if (clientDetails.length && !mapping.clientNumber) {
    errors['mapping.clientNumber'] = { code: 'mapping.clientNumberRequired' };
  }
  if (!mapping.clientNumber && !mapping.contractNumber) {
    errors['mapping.clientNumber'] ??= { code: 'mapping.numberRequired' };
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, resolved };
}

/** The same check with its errors in French (the worker's, whose messages are stored French). */
export function resolveMapping(mapping: ColumnMapping, columns: string[], options: { period?: string | null } = {}): MappingCheck {
  const check = checkMapping(mapping, columns, options);
  return check.ok ? check : { ok: false, errors: renderFields(check.errors, 'fr') };
}

/**
 * A statement layout's identity: the set of its normalised headers (order, case, accents and
 * punctuation aside), hashed. Two files of one insurer's layout share it, so the mapping saved
 * for the first is applied to the next.
 */
export function headerFingerprint(columns: string[]): string {
  const headers = [...new Set(columns.map(normaliseHeader).filter(Boolean))].sort();
  return createHash('sha256').update(headers.join('\n')).digest('hex');
}

/**
 * A saved mapping made on another file, pointed at this file's columns: a column is the one
 * whose header is the same once normalised ("ASSURÉ" for "Assuré"), so the page's selects show it.
 */
export function mappingForColumns(mapping: ColumnMapping, columns: string[]): ColumnMapping {
  const byHeader = new Map<string, string>();
  for (const column of columns) if (!byHeader.has(normaliseHeader(column))) byHeader.set(normaliseHeader(column), column);
  const pointed: ColumnMapping = {};
  for (const [field, column] of Object.entries(mapping) as Array<[ImportField, string]>) {
    if (column) pointed[field] = columns.includes(column) ? column : (byHeader.get(normaliseHeader(column)) ?? column);
  }
  return pointed;
}
