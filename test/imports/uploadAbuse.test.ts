import crypto from 'node:crypto';
import zlib from 'node:zlib';
import express from 'express';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config';
import { importLimitsOf } from '../../api/imports/statementImportProcessor';
import { createImportQueue, type StatementImportQueue } from '../../api/imports/statementImportQueue';
import { statementImportRouter } from '../../api/imports/statementImportRouter';
import { openQueueBackend, type QueueBackendHandle } from '../../api/imports/statementImportRuntime';
import { StatementImportService } from '../../api/imports/statementImportService';
import { readCentralDirectory } from '../../statements/archive/zipDirectory';
import { renderMessage } from '../../shared/messages/message';
import { startTestApp, type TestApp } from '../support/testApp';
import { legacyXls, zipArchive, zipBomb } from './statementFiles';
import { xlsxParts } from '../support/xlsxPart';

const DAMAGED = renderMessage({ code: 'file.crc' });

/**
 * Upload abuse, with the production limits (`loadConfig` defaults): every hostile
 * file is refused by the preview and by the upload with a French 4xx, nothing is written, and
 * /api/health keeps answering while the file is examined. Time and memory per file are
 * printed with REPORT_ABUSE=1 and recorded in RELIABILITY.md (never asserted here).
 */
let app: TestApp;
let cookie: string;
let backend: QueueBackendHandle;
let queue: StatementImportQueue;
const config = loadConfig({});

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const WORKBOOK = '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1"/></sheets></workbook>';
const sheetXml = (rows: string) => `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
const workbookWith = (parts: Array<{ name: string; content: Buffer; level?: number }>) =>
  zipArchive([{ name: '[Content_Types].xml', content: Buffer.from(CONTENT_TYPES) }, { name: 'xl/workbook.xml', content: Buffer.from(WORKBOOK) }, ...parts]);

/** 0 → A, 25 → Z, 26 → AA ... 16383 → XFD. */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

async function statement() {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Bordereau');
  sheet.addRow(['N° client', 'Nom', 'N° de contrat', 'Date', 'Montant']);
  sheet.addRow(['CL-1', 'Dupont', 'CT-1', '01/10/2026', 100]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The abusive files, built once; each with the message its refusal must carry. */
async function abusiveFiles(): Promise<Array<[string, () => Promise<Buffer> | Buffer, RegExp]>> {
  return [
    ['a ratio bomb within the byte budget', () => zipBomb(256 * 1024 * 1024, { lie: true }), /plus de 100 fois sa taille/],
    [
      'a shared-strings bomb under the inflate ratio',
      () => {
        // 130 MB of strings over a four-letter alphabet: about 4:1, far under the ratio rule, under
        // the 50 MB upload limit, over the 128 MB shared-strings budget.
        const letters = crypto.randomBytes(130 * 1024 * 1024);
        for (let i = 0; i < letters.length; i++) letters[i] = 0x41 + (letters[i] & 3);
        const strings = Buffer.concat([Buffer.from('<sst><si><t>'), letters, Buffer.from('</t></si></sst>')]);
        for (let at = 12 + 1000; at < strings.length - 20; at += 1000) strings.write('</t></si><si><t>', at);
        return workbookWith([{ name: 'xl/sharedStrings.xml', content: strings, level: 1 }]);
      },
      /« xl\/sharedStrings\.xml » dépasse 128 Mo/,
    ],
    [
      'a huge single cell',
      () => workbookWith([{ name: 'xl/sharedStrings.xml', content: Buffer.from(`<sst><si><t>${crypto.randomBytes(6 * 1024 * 1024).toString('base64')}</t></si></sst>`) }]),
      /texte démesuré/,
    ],
    [
      'a stored part with a stale CRC',
      async () => {
        const parts = xlsxParts(await statement());
        return zipArchive(
          parts.map((part) =>
            part.name === 'xl/worksheets/sheet1.xml'
              ? { ...part, content: Buffer.from(part.content.toString().replace('<v>100</v>', '<v>900</v>')), crc: zlib.crc32(part.content), stored: true }
              : { ...part, stored: true },
          ),
        );
      },
      new RegExp(DAMAGED.slice(0, 60).replace(/[()]/g, '\\$&')),
    ],
    [
      'a flipped bit in a compressed part',
      async () => {
        const file = await statement();
        const entry = readCentralDirectory(file).find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
        const start = entry.localOffset + 30 + file.readUInt16LE(entry.localOffset + 26) + file.readUInt16LE(entry.localOffset + 28);
        const damaged = Buffer.from(file);
        damaged[start + Math.floor(entry.compressedSize / 2)] ^= 0x10;
        return damaged;
      },
      /endommagé/,
    ],
    ['corrupt XML', () => workbookWith([{ name: 'xl/worksheets/sheet1.xml', content: Buffer.from(sheetXml('<row r="1" hidden><c r="A1"/></row>')) }]), /n’est pas un XML valide/],
    [
      'a million empty rows',
      () => workbookWith([{ name: 'xl/worksheets/sheet1.xml', content: Buffer.from(sheetXml(Array.from({ length: 1_000_000 }, (_, i) => `<row r="${i + 1}"/>`).join(''))) }]),
      /Aucune ligne d’en-tête reconnue/,
    ],
    [
      '16,384 columns',
      () =>
        workbookWith([
          {
            name: 'xl/worksheets/sheet1.xml',
            content: Buffer.from(sheetXml(`<row r="1">${Array.from({ length: 16_384 }, (_, i) => `<c r="${columnLetters(i)}1" t="inlineStr"><is><t>x${i}</t></is></c>`).join('')}</row>`)),
          },
        ]),
      /Aucune ligne d’en-tête reconnue/,
    ],
    ['a password-protected workbook', () => legacyXls(), /protégé par un mot de passe/],
  ];
}

function upload(path: string, file: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), 'bordereau.xlsx');
  return fetch(`${app.url}/api/imports${path}`, { method: 'POST', body: form, headers: { cookie } });
}

/**
 * Polls /api/health while `work` runs: every poll must be answered. Also samples this process's
 * resident memory (the API runs in it) for the report: the peak above the level before.
 */
async function healthDuring<T>(work: () => Promise<T>) {
  let done = false;
  let answered = 0;
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const polling = (async () => {
    while (!done) {
      peak = Math.max(peak, process.memoryUsage().rss);
      const health = await app.request('/api/health/live', {});
      expect(health.status).toBe(200);
      answered++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    return { result: await work(), answered, extraMemory: peak - baseline };
  } finally {
    done = true;
    await polling;
  }
}

describe('upload abuse with the production limits', () => {
  beforeAll(async () => {
    const holder = express.Router();
    app = await startTestApp({ extraRouters: { '/imports': holder } });
    backend = await openQueueBackend({ redisUrl: undefined }, app.db);
    queue = createImportQueue(backend.connection);
    holder.use(statementImportRouter(new StatementImportService(app.db.knex), queue, { maxFileBytes: config.importMaxFileBytes, ...importLimitsOf(config) }));
    cookie = await app.login('admin');
  });
  afterAll(async () => {
    await queue?.close();
    await backend?.close();
    await app?.close();
  });

  it('refuses every hostile file in the preview and the upload, writes nothing, and stays responsive', async () => {
    for (const [name, build, message] of await abusiveFiles()) {
      const file = await build();
      expect(file.length, name).toBeLessThan(config.importMaxFileBytes);
      for (const path of ['/preview', '']) {
        const started = process.hrtime.bigint();
        const { result, extraMemory } = await healthDuring(async () => {
          const response = await upload(path, file);
          return { answer: response, body: await response.json() };
        });
        const { answer, body } = result;
        expect(answer.status, `${name} ${path || '/'}: ${body.message}`).toBe(422);
        expect(body.message, name).toMatch(message);
        if (process.env.REPORT_ABUSE) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          console.log(`| ${name} | ${path || 'upload'} | ${(file.length / 1024).toFixed(0)} KiB | ${ms.toFixed(0)} ms | +${(extraMemory / 2 ** 20).toFixed(0)} MiB |`);
        }
      }
    }
    expect(Number((await app.db.knex('statement_imports').count('* as n'))[0].n)).toBe(0);
    expect(Number((await app.db.knex('commissions').count('* as n'))[0].n)).toBe(0);
  }, 300_000); // eighteen uploads, a million rows read twice: bounded, but past the default 60 s on a loaded machine
});
