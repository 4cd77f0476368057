import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Where the files of a minute or so live: a browser, an app and its database each, or the benchmark's processes. */
const HEAVY_DIRECTORIES = ['test/e2e/', 'test/bench/'];

/**
 * Without the durations of a previous run (a fresh CI checkout), vitest starts the largest
 * files first; the browser and benchmark files are short to read but long to run, and one of
 * them last leaves a core idle for its whole length. They go first then; with the durations
 * known, vitest's longest-first order stands.
 */
export default class HeavyFirstSequencer extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const key = (file: TestSpecification) => `${file.project.name}:${path.relative(this.ctx.config.root, file.moduleId)}`;
    if (sorted.every((file) => this.ctx.cache.getFileTestResults(key(file)))) return sorted;
    const heavy = (file: TestSpecification) => HEAVY_DIRECTORIES.some((directory) => path.relative(this.ctx.config.root, file.moduleId).startsWith(directory));
    return [...sorted.filter(heavy), ...sorted.filter((file) => !heavy(file))];
  }
}
