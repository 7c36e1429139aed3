// Hostile inputs for the totality properties: dense punctuation of every grammar we read, control
// characters, lone and paired surrogates, nesting up to 100,000 deep and repetition up to 1,000,000
// times, alone or spliced into valid documents. Generators only; the properties are in properties.ts.
import { fc } from "@fast-check/vitest";

/** The most any generator nests. */
export const MAX_NEST = 100_000;
/** The most any generator repeats a unit. */
export const MAX_REPEAT = 1_000_000;

const PUNCTUATION = [
  "[",
  "]",
  "{",
  "}",
  ",",
  ":",
  '"',
  "'",
  "\\",
  '\\"',
  "\\u",
  "\\n",
  "/",
  "*",
  "+",
  "?",
  "|",
  "(",
  ")",
  "(?",
  "\\Q",
  "\\E",
  "\\N{",
  "\\p{",
  "\\x{",
  "[^",
  "&&",
  "-",
  ".",
  "#",
  "&",
  "!",
  "%",
  "@",
  "$",
  "^",
  "`",
  "~",
  "=",
  ";",
  "_",
  "<",
  ">",
];
const YAML = [
  "- ",
  ": ",
  "? ",
  "---\n",
  "...\n",
  "&a ",
  "*a",
  "!!str ",
  "|\n",
  ">-\n",
  "  ",
  "\t",
  "%YAML 1.2\n",
];
const WORDS = [
  "hostname",
  "@hostname",
  "@zone",
  "@region",
  "rack",
  "UNIQUE",
  "unique",
  "CLUSTER",
  "GROUP_BY",
  "LIKE",
  "UNLIKE",
  "MAX_PER",
  "IS",
  "IS_NOT",
  "fieldName",
  "operator",
  "value",
  "constraints",
  "id",
  "apps",
  "groups",
  "pods",
  "placement",
  "agents",
  "attributes",
  "count",
  "true",
  "null",
  "1",
  "-0",
  "1e400",
  "0x10",
  "10.0.0.1",
  "rack:r1;level:10",
  "[1-2,3-4]",
  "{a,b}",
  "{{PLACEMENT}}",
];
const SPACE = [
  " ",
  "\n",
  "\r",
  "\r\n",
  "\t",
  "\u000b",
  "\u000c",
  "\u0085",
  "\u00a0",
  "\u2028",
  "\u2029",
  "\ufeff",
];
const QUOTES = ["\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\uff02"];

/** One unit of hostile text: punctuation, words, white space, control characters, surrogates. */
export const unit: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...YAML) },
  { weight: 2, arbitrary: fc.constantFrom(...SPACE) },
  { weight: 1, arbitrary: fc.constantFrom(...QUOTES) },
  // Control characters, NUL included.
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  // Lone high and low surrogates, and well-formed pairs.
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 2 }) },
);

/** Short hostile text. */
export const hostile = (maxLength = 40): fc.Arbitrary<string> =>
  fc.array(unit, { maxLength }).map((units) => units.join(""));

/** An opener repeated `min`..`max` times (up to MAX_NEST), sometimes closed again, with hostile text around it. */
export const deep = (min = 1, max = MAX_NEST): fc.Arbitrary<string> =>
  fc
    .tuple(
      hostile(4),
      fc.constantFrom(
        "[",
        "{",
        '{"a":',
        '[{"fieldName":',
        "[[",
        "- ",
        "a:\n ",
        '{"groups":[',
        "(",
        "[a-",
        "\\Q",
      ),
      fc.integer({ min, max }),
      fc.constantFrom("", "]", "}", "]}", "\n", "x"),
      fc.boolean(),
      hostile(4),
    )
    .map(
      ([head, opener, n, closer, closed, tail]) =>
        `${head}${opener.repeat(n)}${closed ? closer.repeat(n) : ""}${tail}`,
    );

/** A short hostile unit repeated `min`..`max` times (up to MAX_REPEAT: at most a few megabytes). */
export const repeated = (min = 0, max = MAX_REPEAT): fc.Arbitrary<string> =>
  fc
    .tuple(
      hostile(4),
      hostile(3).filter((s) => s.length > 0 && s.length <= 4),
      fc.integer({ min, max }),
    )
    .map(([head, u, n]) => `${head}${u.repeat(n)}`);

/** Valid documents of every kind we read, to splice hostile text into. */
const VALID = [
  '[["hostname","UNIQUE"],["rack_id","GROUP_BY","3"],["rack_id","LIKE","rack-[1-3]"]]',
  '[{"fieldName":"rack","operator":"MAX_PER","value":"3"}]',
  "hostname:UNIQUE,rack_id:LIKE:rack-[1-3]",
  '{"id":"/web","instances":3,"constraints":[["hostname","UNIQUE"],["rack","LIKE","10.0.0.1|r*"]]}',
  '{"id":"/g","groups":[{"id":"a","apps":[{"id":"x","constraints":[["@zone","GROUP_BY","2"]]}]}]}',
  '{"kubernetes":{"control_plane_placement":"[[\\"hostname\\",\\"UNIQUE\\"]]","node_count":3}}',
  'name: svc\npods:\n  p:\n    count: 3\n    placement: \'[["hostname", "UNIQUE"]]\'\n',
  "region: r\nagents:\n  - hostname: a1\n    attributes: {rack: r1, level: 10}\n    count: 2\n",
  "a1 rack:r1;level:10\na2 rack:[1-2]\n",
  '{"/web": ["a1", "a2"]}\n',
  "- {app: /web, hostname: a1, count: 2}\n",
];

/** A valid document with `insert` spliced in (replacing a few characters). */
export const spliced = (insert: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.nat({ max: 6 }), insert).map(([doc, at, cut, text]) => {
    const i = at % (doc.length + 1);
    return `${doc.slice(0, i)}${text}${doc.slice(i + cut)}`;
  });

export const fileName = fc.constantFrom(
  undefined,
  "a.json",
  "a.yaml",
  "a.yml",
  "a.txt",
  "options.json",
  "svc.yml",
  "noext",
);

export const dialect = fc.constantFrom("marathon" as const, "marathon-1.11" as const, "dcos-sdk" as const);

/** A JSON value nested up to MAX_NEST deep (built without recursion), for readers of parsed values. */
export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 1, max: MAX_NEST }), fc.constantFrom("array", "object", "agent"), fc.jsonValue())
  .map(([n, kind, leaf]) => {
    let v: unknown = leaf;
    for (let i = 0; i < n; i++) {
      v =
        kind === "array"
          ? [v]
          : kind === "object"
            ? { hostname: "h", attributes: v }
            : { attributes: { a: v } };
    }
    return v;
  });
