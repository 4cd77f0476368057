import { spawnSync } from 'node:child_process';
import config, { mutationModules } from '../stryker.config.mjs';

/**
 * `npm run mutation:changed`, for CI: Stryker on the mutated files changed against a base
 * (MUTATION_BASE, else origin/main; `git diff base...HEAD` plus uncommitted changes), in
 * incremental mode from the committed test/mutation/stryker-incremental.json, so that only the
 * mutants of changed code (or covered by changed tests) are run again. A change to the unit tests
 * or to the mutation settings reaches every file, still incrementally. Each file's score must
 * reach the break threshold (scripts/mutationScores.ts).
 * The run writes the file back, the other files' results kept: commit it with the change.
 * `-- --dry-run` only says which files it would mutate.
 */
const git = (...args: string[]) => {
  const run = spawnSync('git', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr.trim()}`);
  return run.stdout.split('\n').filter(Boolean);
};
const hasRef = (ref: string) => spawnSync('git', ['rev-parse', '--verify', '--quiet', ref]).status === 0;
// A clone without the remote (a local worktree) compares with its own main.
const base = process.env.MUTATION_BASE ?? (hasRef('origin/main') ? 'origin/main' : 'main');
const dryRun = process.argv.includes('--dry-run');
const changed = new Set([...git('diff', '--name-only', `${base}...HEAD`), ...git('diff', '--name-only', 'HEAD')]);
const mutated = Object.keys(mutationModules);
const settingsChanged = [...changed].some((file) => file.startsWith('test/unit/') || ['stryker.config.mjs', 'vitest.unit.config.ts', 'package.json'].includes(file));
const files = settingsChanged ? mutated : mutated.filter((file) => changed.has(file));
if (!files.length) {
  console.log(`No mutated file changed against ${base}: nothing to run.`);
  process.exit(0);
}
console.log(`Mutating, against ${base}: ${settingsChanged ? 'every file (unit tests or settings changed)' : files.join(', ')}`);
if (dryRun) process.exit(0);

const stryker = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', '--mutate', files.join(','), '--incremental'], { stdio: 'inherit' });
if (stryker.status !== 0) process.exit(stryker.status ?? 1);
const scores = spawnSync('npx', ['tsx', 'scripts/mutationScores.ts', config.jsonReporter.fileName, '--only', files.join(',')], { stdio: 'inherit' });
process.exit(scores.status ?? 1);
