import fs from 'node:fs';

/** One row of a bench report's table. */
export interface BenchRow {
  measure: string;
  result: string;
  floor: string;
  ratio: string;
  target: string;
  met: string;
}

/**
 * Replaces one benchmark's section of BENCHMARKS.md, between its markers
 * (`<!-- bench:<name>:start -->` … `<!-- bench:<name>:end -->`), keeping the hand-written
 * analysis around it; a section not there yet is appended.
 */
export function writeBenchmarkSection(file: string, name: string, section: string) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${section}\n${end}`;
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const from = existing.indexOf(start);
  const to = existing.indexOf(end);
  if (from >= 0 && to > from) fs.writeFileSync(file, `${existing.slice(0, from)}${block}${existing.slice(to + end.length)}`);
  else fs.writeFileSync(file, existing.trim() ? `${existing.trimEnd()}\n\n${block}\n` : `${block}\n`);
}
