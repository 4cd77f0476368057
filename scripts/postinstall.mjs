// `npm install` (postinstall, after patch-package): the embedded database's cluster template,
// so that the first `npm start` copies it instead of running initdb (scripts/pgliteTemplate.mjs).
// Never fails the install: without a template, the first start runs initdb as before.
import { createRequire } from 'node:module';
import { ensureTemplate } from './pgliteTemplate.mjs';

try {
  const { PGlite } = createRequire(import.meta.url)('@electric-sql/pglite');
  const started = performance.now();
  // A small buffer pool: initdb's child needs no more (the open sets its own).
  const made = await ensureTemplate([...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB']);
  console.log(made ? `Embedded database template ready in ${made} (${Math.round(performance.now() - started)} ms)` : 'Embedded database template not made: the first start will run initdb.');
} catch (error) {
  console.log(`Embedded database template not made (${error.message}): the first start will run initdb.`);
}
