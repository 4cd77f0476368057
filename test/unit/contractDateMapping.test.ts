import { describe, expect, it } from 'vitest';
import { fieldOfHeader, mappingForColumns, namesContractDate, proposeMapping, resolveMapping } from '../../statements/mapping/columnMapping';
import { readStatementRow } from '../../statements/verdicts/statementRow';

/**
 * The commission's date is never read from a column that dates the contract: its start
 * ("Date d'effet") or its end ("Date de résiliation", "Date de fin"). A commission dated by its
 * contract's end lands in the wrong month and, past the retention period, makes a client look
 * active. Whoever picks the column (the proposal, a saved mapping, the user), the mapping is refused.
 */
const START_HEADERS = [
  "Date d'effet",
  'Date d’effet',
  'DATE EFFET',
  'Effet',
  "Date d'effet du contrat",
  'Date de souscription',
  'Date souscription',
  "Date d'adhésion",
  'Date adhésion',
  'Date de début',
  'Date début',
  'Début de contrat',
  'Effective date',
  'Start date',
  'Inception date',
  // Looser headers, found by their words.
  'Date d’effet initiale',
  'Date de début de garantie',
  'Date souscription police',
];
const END_HEADERS = [
  'Date de résiliation',
  'Date résiliation',
  'DATE DE RESILIATION',
  'Date de fin',
  'Date fin',
  'Date de fin de contrat',
  'Date de sortie',
  'Date sortie',
  'Fin de contrat',
  'Date de cessation',
  'End date',
  'Termination date',
  'Cancellation date',
  // Looser headers, found by their words.
  'Date de résiliation du contrat',
  'Date fin de garantie',
  'Date de sortie du client',
  'Policy termination date',
  'Date cessation activité',
];
const COMMISSION_DATE_HEADERS = ['Date de valeur', 'Date de paiement', 'Date de la commission', "Date d'échéance", 'Période', 'Mois', 'Date', 'Payment date', 'Value date', 'Date opération'];

const COLUMNS = (dateHeader: string) => ['Police', dateHeader, 'Montant'];

describe('the commission date is never a contract date', () => {
  it.each([...START_HEADERS.map((h) => [h, 'start'] as const), ...END_HEADERS.map((h) => [h, 'end'] as const)])('%j names a contract date', (header) => {
    expect(namesContractDate(header)).toBe(true);
  });

  it.each(COMMISSION_DATE_HEADERS)('%j names the commission date, not a contract date', (header) => {
    expect(namesContractDate(header)).toBe(false);
    expect(proposeMapping(COLUMNS(header)).date).toBe(header);
    expect(resolveMapping({ contractNumber: 'Police', date: header, amount: 'Montant' }, COLUMNS(header))).toEqual({ ok: true, resolved: { contractNumber: 0, date: 1, amount: 2 } });
  });

  it.each(START_HEADERS)('%j is proposed as the contract’s start, never as the commission date', (header) => {
    const proposed = proposeMapping(COLUMNS(header));
    expect(proposed.date).toBeUndefined();
    expect(proposed.startDate).toBe(header);
    // Beside a real commission date, that one is the date.
    expect(proposeMapping(['Police', header, 'Date de valeur', 'Montant'])).toMatchObject({ startDate: header, date: 'Date de valeur' });
  });

  it.each(END_HEADERS)('%j is proposed as the contract’s end, never as the commission date', (header) => {
    const proposed = proposeMapping(COLUMNS(header));
    expect(proposed.date).toBeUndefined();
    expect(proposed.endDate).toBe(header);
    expect(proposeMapping(['Police', header, 'Date de valeur', 'Montant'])).toMatchObject({ endDate: header, date: 'Date de valeur' });
    expect(proposeMapping(['Police', 'Date de valeur', header, 'Montant'])).toMatchObject({ endDate: header, date: 'Date de valeur' });
  });

  it('never proposes a second start or end column as the commission date once the first took the contract’s field', () => {
    for (const [first, second] of [
      ['Date de fin', 'Date de résiliation du contrat'],
      ['Date de résiliation', 'Date fin de garantie'],
      ["Date d'effet", 'Date d’effet initiale'],
      ['Date de souscription', 'Date de début de garantie'],
    ]) {
      const proposed = proposeMapping(['Police', first, second, 'Montant']);
      expect(proposed.date, `${first} + ${second}`).toBeUndefined();
      expect(Object.values(proposed)).toContain(first);
    }
  });

  it.each([...START_HEADERS, ...END_HEADERS])('%j chosen as the commission date is refused, with or without a period', (header) => {
    for (const period of [undefined, '2026-10']) {
      const check = resolveMapping({ contractNumber: 'Police', date: header, amount: 'Montant' }, COLUMNS(header), { period });
      expect(check.ok, header).toBe(false);
      expect(check.ok ? {} : check.errors).toHaveProperty(['mapping.date'], expect.stringContaining('est une date du contrat'));
    }
    // Written in other capitals than the file's header, it is the same column, refused the same.
    const shouted = resolveMapping({ contractNumber: 'Police', date: header.toUpperCase(), amount: 'Montant' }, COLUMNS(header));
    expect(shouted.ok ? {} : shouted.errors).toHaveProperty(['mapping.date']);
  });

  it.each([...START_HEADERS, ...END_HEADERS])('a saved mapping that dated commissions by %j is refused on the next file', (header) => {
    const saved = { contractNumber: 'police', date: header.toLowerCase(), amount: 'MONTANT' };
    const pointed = mappingForColumns(saved, COLUMNS(header));
    expect(pointed.date).toBe(header);
    expect(resolveMapping(pointed, COLUMNS(header)).ok).toBe(false);
  });

  it('maps the contract dates to their own fields when they are mapped as such', () => {
    const columns = ['Police', "Date d'effet", 'Date de résiliation', 'Date de valeur', 'Montant'];
    expect(fieldOfHeader('Date de résiliation')).toBe('endDate');
    expect(fieldOfHeader("Date d'effet")).toBe('startDate');
    expect(resolveMapping({ contractNumber: 'Police', startDate: "Date d'effet", endDate: 'Date de résiliation', date: 'Date de valeur', amount: 'Montant' }, columns)).toEqual({
      ok: true,
      resolved: { contractNumber: 0, startDate: 1, endDate: 2, date: 3, amount: 4 },
    });
    // The contract's end as its end, and no commission date: the statement's month dates the lines.
    expect(resolveMapping({ contractNumber: 'Police', endDate: 'Date de résiliation', amount: 'Montant' }, columns, { period: '2026-10' }).ok).toBe(true);
    expect(resolveMapping({ contractNumber: 'Police', endDate: 'Date de résiliation', amount: 'Montant' }, columns)).toMatchObject({ ok: false, errors: { period: expect.any(String) } });
  });
});

describe('a row dated by its commission, its contract dated by its own columns', () => {
  it('keeps the three dates apart, and dates the line by the period when no column gives its date', () => {
    const columns = ['Police', "Date d'effet", 'Date de résiliation', 'Date de valeur', 'Montant'];
    const cells = ['K-1', '15/01/2020', '31/12/2025', '05/10/2026', '12,50'];
    const withDate = readStatementRow(cells, { contractNumber: 0, startDate: 1, endDate: 2, date: 3, amount: 4 }, columns, { today: '2026-11-01' });
    expect(withDate).toMatchObject({ kind: 'line', line: { date: '2026-10-05', startDate: '2020-01-15', endDate: '2025-12-31' } });
    const byPeriod = readStatementRow(cells, { contractNumber: 0, startDate: 1, endDate: 2, amount: 4 }, columns, { today: '2026-11-01', period: '2026-10' });
    expect(byPeriod).toMatchObject({ kind: 'line', line: { date: '2026-10-01', startDate: '2020-01-15', endDate: '2025-12-31' } });
  });
});
