// Validates SARIF logs against the official SARIF 2.1.0 JSON Schema (vendored in test/vendor/sarif;
// its README says from where and why) with Ajv's draft-04 class, which that schema is written in.
import { readFileSync } from "node:fs";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";

// Both are CommonJS modules whose `module.exports` also carries itself as `default`; under NodeNext
// TypeScript types the default import as the whole module, so take `.default` explicitly.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

const schema = JSON.parse(
  readFileSync(new URL("../vendor/sarif/sarif-schema-2.1.0.json", import.meta.url), "utf8"),
) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema violations of a SARIF log, one readable line each; empty when it is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map(
    (e: { instancePath: string; message?: string; params: unknown }) =>
      `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`,
  );
}
