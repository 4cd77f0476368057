import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { currentSchema, SCHEMA_FILE } from '../../scripts/schema';
import { needsServers, testServices } from '../support/testServices';

describe('migrations/schema.sql', () => {
  it('is the schema the migrations build (run npm run schema after changing a migration)', needsServers('postgres'), async () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(await currentSchema(testServices.postgresAdminUrl!));
  });
});
