// Regenerates the two generated files of src/counterpoint/schema/:
//   catalog.generated.ts   ← ../shared/counterpoint/catalog.json (the columns of the Counterpoint tables cpwoo touches)
//   database.generated.ts  ← the final definition (catalog + overrides + hand-defined tables): Kysely table types
// Usage: tsx scripts/generate-counterpoint-schema.ts [path/to/catalog.json]
// Run it twice after changing the catalog selection (the second run sees the new catalog file).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderCatalogModule } from "../src/counterpoint/schema/render-catalog.js";
import { renderDatabaseTypes } from "../src/counterpoint/schema/render-database-types.js";

const catalogPath = process.argv[2] ?? fileURLToPath(new URL("../../shared/counterpoint/catalog.json", import.meta.url));
const schemaDir = new URL("../src/counterpoint/schema/", import.meta.url);

const catalogText = renderCatalogModule(JSON.parse(readFileSync(catalogPath, "utf8")) as unknown);
writeFileSync(new URL("catalog.generated.ts", schemaDir), catalogText);

// Imported after writing so the types are rendered from the catalog just written.
const { counterpointSchema } = await import("../src/counterpoint/schema/counterpoint-schema.js");
writeFileSync(new URL("database.generated.ts", schemaDir), renderDatabaseTypes(counterpointSchema));
process.stdout.write(`wrote catalog.generated.ts and database.generated.ts from ${catalogPath}\n`);
