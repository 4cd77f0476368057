// Checks the expected-results files against the product's own normalisation (shared/contactDetails.ts):
// names, e-mails and phones as the import stores them, so the corpus never encodes a guess.
// Usage: npx tsx scripts/statementCorpus/checkExpected.mts <buildDir>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isEmail, normaliseClientNumber, normaliseEmail, normaliseName, normalisePhone } from '../../shared/contactDetails';

const buildDir = process.argv[2];
const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'statements');
const manifest = JSON.parse(readFileSync(join(fixtures, 'manifest.json'), 'utf8'));
const known = JSON.parse(readFileSync(join(import.meta.dirname, 'knownStatement.json'), 'utf8'));
let failures = 0;
const fail = (message: string) => {
  failures++;
  if (failures <= 20) console.error(message);
};

for (const [raw, e164] of Object.entries(known.phoneE164 as Record<string, string>)) {
  if (normalisePhone(raw) !== e164) fail(`phone ${raw}: product gives ${normalisePhone(raw)}, table says ${e164}`);
}

for (const [name, file] of Object.entries(manifest.statements as Record<string, string>)) {
  const expected = JSON.parse(readFileSync(join(fixtures, file), 'utf8'));
  const raw = JSON.parse(readFileSync(join(buildDir, `raw-${name}.json`), 'utf8')) as Array<Record<string, string | null>>;
  const fields: string[] = expected.fields;
  if (raw.length !== expected.lines.length) fail(`${name}: ${raw.length} raw lines, ${expected.lines.length} expected`);
  let cents = 0;
  raw.forEach((line, index) => {
    const want = Object.fromEntries(fields.map((field, i) => [field, expected.lines[index][i]]));
    const got = {
      clientNumber: normaliseClientNumber(line.clientNumber!),
      lastName: line.lastName ? normaliseName(line.lastName) : null,
      firstName: line.firstName ? normaliseName(line.firstName) : null,
      email: line.email ? normaliseEmail(line.email) : null,
      phone: line.phone ? (normalisePhone(line.phone) ?? 'INVALID') : null,
    };
    for (const [field, value] of Object.entries(got)) {
      if (want[field] !== value) fail(`${name} line ${index + 1} ${field}: product gives ${JSON.stringify(value)}, expected ${JSON.stringify(want[field])}`);
    }
    if (want.email && !isEmail(want.email)) fail(`${name} line ${index + 1}: ${want.email} is not an e-mail for the product`);
    if (!/^-?\d+\.\d\d$/.test(want.amount)) fail(`${name} line ${index + 1}: amount ${want.amount}`);
    cents += Math.round(Number(want.amount) * 100);
  });
  if (cents !== expected.totals.amountCents) fail(`${name}: lines sum to ${cents} cents, totals say ${expected.totals.amountCents}`);
  console.log(`${name}: ${expected.lines.length} lines, ${expected.totals.clients} clients, ${expected.totals.contracts} contracts, ${(cents / 100).toFixed(2)} €`);
}
if (failures) {
  console.error(`${failures} mismatches`);
  process.exit(1);
}
