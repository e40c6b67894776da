import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

// schema.d.ts is generated from openapi.json (the document the backend serves; OpenApiContractIT
// keeps the two equal). `npm run gen:api` runs this file with UPDATE_API_SCHEMA=1 to rewrite it.
const OPENAPI = path.resolve(__dirname, '../../openapi.json');
const SCHEMA = path.resolve(__dirname, 'schema.d.ts');
const HEADER =
  '// Generated from frontend/openapi.json by openapi-typescript (`npm run gen:api`). Do not edit.\n' +
  '// Every property is required: the server sends each field (null when it has no value; types.ts\n' +
  '// says which may be null, as springdoc does not).\n\n';

export async function generateSchema(): Promise<string> {
  const doc = JSON.parse(readFileSync(OPENAPI, 'utf8'));
  const ast = await openapiTS(doc, { propertiesRequiredByDefault: true, alphabetize: true });
  return HEADER + astToString(ast);
}

describe('schema.d.ts', () => {
  it('is what openapi-typescript makes of openapi.json', async () => {
    const fresh = await generateSchema();
    if (process.env.UPDATE_API_SCHEMA === '1') {
      writeFileSync(SCHEMA, fresh);
      console.log(`wrote ${SCHEMA}`);
      return;
    }
    const committed = readFileSync(SCHEMA, 'utf8');
    expect(committed, 'src/api/schema.d.ts is stale: run `npm run gen:api` in frontend/ and commit it').toBe(fresh);
  }, 30_000);
});
