// Writes config.schema.json (the JSON Schema of .marathon-constraints.json) from the built rules
// (npm run build first); `--check` only compares. The test suite checks it too.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { configSchema } from "../dist/cli/config-schema.js";
import { RULE_INFO } from "../dist/index.js";

const file = join(dirname(fileURLToPath(import.meta.url)), "..", "config.schema.json");
const text = `${JSON.stringify(configSchema(RULE_INFO), null, 2)}\n`;
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    // A missing file is stale too.
  }
  if (JSON.stringify(JSON.parse(current || "null")) !== JSON.stringify(JSON.parse(text))) {
    console.error("config.schema.json is stale: run npm run schema");
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
}
