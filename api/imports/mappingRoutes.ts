import { Router } from 'express';
import { parseOrThrow } from '../http/httpError';
import { parseIdParam, sendPage } from '../http/simpleRest';
import { columnMappingSchema } from '../../statements/mapping/columnMapping';
import { savedMappingSchema } from './importMappingService';
import type { StatementImportService } from './statementImportService';

/** /api/imports/mappings: mappings saved under a name (one per insurer), reused from one statement to the next. */
export function mappingRoutes(imports: StatementImportService) {
  const router = Router();
  const mappingInput = (body: unknown) => {
    const input = parseOrThrow(savedMappingSchema, body);
    return { input, mapping: parseOrThrow(columnMappingSchema, input.mapping, { code: 'mapping.invalid' }) };
  };
  router.get('/', async (_req, res) => {
    const mappings = await imports.mappings.listMappings();
    sendPage(res, 'mappings', { start: 0 }, mappings, mappings.length);
  });
  router.post('/', async (req, res) => {
    const { input, mapping } = mappingInput(req.body);
    res.status(201).json(await imports.mappings.saveMapping(input, mapping));
  });
  router.get('/:id', async (req, res) => {
    res.json(await imports.mappings.getMapping(parseIdParam(req.params.id)));
  });
  // Renames and edits this mapping, by its id (a new name never makes a copy).
  router.put('/:id', async (req, res) => {
    const id = parseIdParam(req.params.id);
    const { input, mapping } = mappingInput(req.body);
    res.json(await imports.mappings.updateMapping(id, input, mapping));
  });
  router.delete('/:id', async (req, res) => {
    res.json(await imports.mappings.deleteMapping(parseIdParam(req.params.id)));
  });
  return router;
}
