import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { bufferSource } from '../statements/archive/archiveSource';
import { DEFAULT_MAX_WHOLE_FILE_BYTES, openStatementWorkbook } from '../statements/readers/openStatement';
import { Client } from '../api/clients/clientModel';
import { Commission } from '../api/commissions/commissionModel';
import { Contract } from '../api/contracts/contractModel';
import { numberKey } from '../shared/contactDetails';

/** Header of the generated statements: French headers, as an insurer sends them. */
/** Bumped whenever HEADER changes (the bench keeps its generated files between runs). */
export const STATEMENT_LAYOUT = 'v2';
// "Date de valeur" dates the commissions ("Date d'effet" would be the contracts' start).
const HEADER = ['N° client', 'Nom', 'Prénom', 'E-mail', 'N° de contrat', 'Produit', 'Compagnie', 'Date de valeur', 'Montant HT (€)', 'Libellé'];
const LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Garçon', 'Moreau', 'Laurent', 'Roux', 'Fournier', 'Girard'];
const FIRST_NAMES = ['Jean', 'Marie', 'Élodie', 'Hugo', 'Chloé', 'Loïc', 'Agnès', 'Pierre'];

export interface StatementShape {
  rows: number;
  clients: number;
  contracts: number;
}

/** A statement written with exceljs's streaming writer (flat memory however large). */
export async function writeStatement(file: string, shape: StatementShape, runTag: string) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('Bordereau');
  sheet.addRow(['Bordereau de commissions — Assureur Exemple']).commit();
  sheet.addRow([]).commit();
  sheet.addRow(HEADER).commit();
  for (let i = 0; i < shape.rows; i++) {
    const client = i % shape.clients;
    const contract = i % shape.contracts;
    sheet
      .addRow([
        `${runTag}${String(client).padStart(7, '0')}`,
        LAST_NAMES[client % LAST_NAMES.length],
        FIRST_NAMES[client % FIRST_NAMES.length],
        `client${client}@exemple.fr`,
        `${runTag}-P${String(contract).padStart(8, '0')}`,
        'Assurance vie',
        'Assureur Exemple',
        new Date(Date.UTC(2026, i % 12, 1 + (i % 28))),
        Math.round((10 + (i % 5000) / 7) * 100) / 100,
        `Commission ${i}`,
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * The floor: the product's own reader alone (archive checks, then every row of the tab), on the
 * same file read from disk in memory, as the upload holds it.
 */
export async function readWithProductReader(file: string): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  const workbook = await openStatementWorkbook(bufferSource(fs.readFileSync(file)), { maxUncompressedBytes: 8 * 1024 ** 3, maxWholeFileBytes: DEFAULT_MAX_WHOLE_FILE_BYTES });
  let rows = 0;
  for await (const _row of workbook.rows(workbook.sheets[0].name)) rows++;
  return { ms: performance.now() - started, rows };
}

/** For comparison: exceljs's streaming reader alone reading every cell of the same file. */
export async function readWithExceljsOnly(file: string): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
  let rows = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      if (row.values) rows++;
    }
  }
  return { ms: performance.now() - started, rows };
}

/** Upload through the API, then poll the import until it ends. Wall time from upload to completed. */
export async function importThroughApi(baseUrl: string, cookie: string, file: string, fileName: string) {
  const started = performance.now();
  const form = new FormData();
  form.append('file', await fs.openAsBlob(file), fileName);
  // The bench re-imports the files it keeps between runs.
  form.append('force', 'true');
  const response = await fetch(`${baseUrl}/api/imports`, { method: 'POST', headers: { cookie }, body: form });
  if (response.status !== 202) throw new Error(`upload refused: ${response.status} ${await response.text()}`);
  const { id } = await response.json();
  for (;;) {
    const current = await (await fetch(`${baseUrl}/api/imports/${id}`, { headers: { cookie } })).json();
    if (current.status === 'completed') return { ms: performance.now() - started, record: current };
    if (current.status === 'failed') throw new Error(`import failed: ${current.error}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A worker process started exactly as `npm run worker` starts it (same node flags, read from
 * package.json), without npm in between so that its peak RSS (VmHWM) is the worker's own.
 */
export function startWorkerProcess(env: NodeJS.ProcessEnv): ChildProcess {
  const script: string = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts.worker;
  const [command, ...args] = script.split(/\s+/);
  if (command !== 'node') throw new Error(`unexpected worker script: ${script}`);
  return spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

export function peakMemoryMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}

/**
 * The naive baseline the bulk path is compared with: one Objection query (or three) per row,
 * as a first implementation would do it.
 */
export async function naiveImport(knex: Knex, file: string, maxRows: number) {
  const started = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
  let done = 0;
  outer: for await (const worksheet of reader) {
    for await (const row of worksheet) {
      if (row.number <= 3) continue;
      const [clientNumber, lastName, firstName, email, contractNumber, product, insurer, date, amount, label] = (row.values as unknown[]).slice(1);
      let client = await Client.query(knex)
        .where('client_number_key', numberKey(String(clientNumber)))
        .first();
      if (client)
        await Client.query(knex)
          .findById(client.id)
          .patch({ lastName: String(lastName), firstName: String(firstName), email: String(email) });
      else client = await Client.query(knex).insert({ clientNumber: String(clientNumber), lastName: String(lastName), firstName: String(firstName), email: String(email) });
      let contract = await Contract.query(knex).where('contract_number', String(contractNumber)).first();
      if (!contract)
        contract = await Contract.query(knex).insert({ contractNumber: String(contractNumber), clientId: client.id, product: String(product), insurer: String(insurer), status: 'active' });
      await Commission.query(knex).insert({
        contractId: contract.id,
        clientId: client.id,
        date: (date as Date).toISOString().slice(0, 10),
        amount: Number(amount).toFixed(2),
        label: String(label),
        clientNumber: String(clientNumber),
        clientName: `${lastName} ${firstName}`,
      });
      if (++done >= maxRows) break outer;
    }
  }
  return { ms: performance.now() - started, rows: done };
}
