import { readFileSync } from 'node:fs';
import config, { mutationModules } from '../stryker.config.mjs';

/**
 * The score of each mutated file, from Stryker's JSON report, as the table of RELIABILITY.md.
 * Stryker's `thresholds.break` judges the whole run only: here a file under it fails too, so that
 * a module whose tests weakened cannot hide behind the others' scores.
 * `tsx scripts/mutationScores.ts [report.json] [--only file,file]`.
 */
interface ReportMutant {
  status: string;
  statusReason?: string;
}
interface Counts {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  static: number;
  other: number;
}

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set(args[onlyAt + 1].split(',').filter(Boolean)) : undefined;
const reportPath = args.find((arg, i) => !arg.startsWith('--') && (onlyAt < 0 || i !== onlyAt + 1)) ?? config.jsonReporter.fileName;
const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { files: Record<string, { mutants: ReportMutant[] }> };
const modules: Record<string, string> = mutationModules;
const breakAt: number = config.thresholds.break;

function countsOf(mutants: ReportMutant[]): Counts {
  const counts: Counts = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, static: 0, other: 0 };
  for (const mutant of mutants) {
    if (mutant.status === 'Killed') counts.killed++;
    else if (mutant.status === 'Timeout') counts.timeout++;
    else if (mutant.status === 'Survived') counts.survived++;
    else if (mutant.status === 'NoCoverage') counts.noCoverage++;
    else if (mutant.status === 'Ignored' && /static/i.test(mutant.statusReason ?? '')) counts.static++;
    else counts.other++;
  }
  return counts;
}

/** (killed + timeout) / (all but static), as in RELIABILITY.md; compile and runtime errors count as neither. */
const scoreOf = (c: Counts) => {
  const judged = c.killed + c.timeout + c.survived + c.noCoverage;
  return judged ? (100 * (c.killed + c.timeout)) / judged : 100;
};
const row = (name: string, file: string, c: Counts) => `| ${name} | ${file} | ${scoreOf(c).toFixed(1)} % | ${c.killed} | ${c.timeout} | ${c.survived} | ${c.noCoverage} | ${c.static} |`;

const lines = ['| Module | File | Score | Killed | Timeout | Survived | No coverage | Static (ignored) |', '|---|---|---|---|---|---|---|---|'];
const total: Counts = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, static: 0, other: 0 };
const failing: string[] = [];
const absent: string[] = [];
for (const [file, name] of Object.entries(modules)) {
  if (only && !only.has(file)) continue;
  const entry = report.files[file];
  if (!entry) {
    absent.push(file);
    continue;
  }
  const counts = countsOf(entry.mutants);
  for (const key of Object.keys(total) as Array<keyof Counts>) total[key] += counts[key];
  lines.push(row(name, `\`${file}\``, counts));
  if (scoreOf(counts) < breakAt) failing.push(`${file} (${scoreOf(counts).toFixed(1)} %)`);
}
lines.push(row('**all**', '', total).replace(/\| ([0-9.]+ %) \|/, '| **$1** |'));
console.log(lines.join('\n'));
if (absent.length) console.log(`\nNot in this report: ${absent.join(', ')}`);
if (failing.length) {
  console.error(`\nUnder the break threshold of ${breakAt} %: ${failing.join(', ')}`);
  process.exitCode = 1;
}
