// Scenario runner "parse": a typical constraint string parsed and validated by safeParse, against the
// floor any reader pays (JSON.parse or split, plus a hand-written check of the same rules).
import { compare } from "../harness.mjs";

const OPERATORS = new Set(["UNIQUE", "CLUSTER", "GROUP_BY", "LIKE", "UNLIKE", "MAX_PER", "IS"]);

/** The same validation, hand-written for well-formed input: operator known, counts integral, regexes compile. */
function validate(field, op, value) {
  if (typeof field !== "string" || !OPERATORS.has(op)) return false;
  if ((op === "GROUP_BY" || op === "MAX_PER") && value !== undefined && !/^[0-9]+$/.test(value)) return false;
  if (op === "LIKE" || op === "UNLIKE") {
    try {
      new RegExp(value);
    } catch {
      return false;
    }
  }
  return true;
}

const REFERENCE = {
  "JSON array": (text) => {
    const rows = JSON.parse(text);
    let ok = 0;
    for (const [f, o, v] of rows) if (validate(f, o, v)) ok++;
    return ok;
  },
  colon: (text) => {
    let ok = 0;
    for (const part of text.split(",")) {
      const [f, o, v] = part.split(":");
      if (validate(f, o, v)) ok++;
    }
    return ok;
  },
};

/**
 * @param {any} c the case data
 * @param {{ lib: Record<string, any>, smoke: boolean, log: (s: string) => void }} ctx
 */
export async function runParse(c, ctx) {
  const { lib, smoke } = ctx;
  const rows = [];
  // Warm: one text again and again (the Java-regex check of its LIKE value is then memoised, as it is
  // for the repeated constraints of a real group file). Cold: every text has a LIKE pattern not seen
  // before, from a pool larger than the memo, so each parse pays the whole regex check.
  const variants = c.texts.flatMap((t) => [
    { ...t, pool: [t.text], label: t.form },
    { ...t, pool: coldPool(t.text, smoke ? 4 : 65536), label: `${t.form}, every LIKE pattern new` },
  ]);
  for (const { form, text, pool, label } of variants) {
    const parsed = lib.safeParse(text, { dialect: c.dialect });
    const reference = REFERENCE[form];
    if (!parsed.ok || parsed.constraints.length !== reference(text)) {
      throw new Error(`parse: ${text} gave ok=${parsed.ok} with ${parsed.constraints.length} constraints`);
    }
    ctx.log(`  parse (${form}): ${parsed.constraints.length} constraints, valid`);
    let next = 0;
    const mask = 0x7fffffff;
    const measured = compare(
      {
        ours: {
          run(iters) {
            let k = 0;
            for (let i = 0; i < iters; i++)
              k += lib.safeParse(pool[(next++ & mask) % pool.length], { dialect: c.dialect }).constraints
                .length;
            return k;
          },
        },
        reference: {
          run(iters) {
            let k = 0;
            for (let i = 0; i < iters; i++) k += reference(pool[(next++ & mask) % pool.length]);
            return k;
          },
        },
      },
      { smoke, rounds: 31, warmup: 5, sampleMs: 30, budgetMs: 10000 },
    );
    if (smoke) continue;
    const perSecond = (m) => ({ median: 1e9 / m.median, p25: 1e9 / m.p75, p75: 1e9 / m.p25, n: m.n });
    const ours = perSecond(measured.ours);
    rows.push({
      group: "parse",
      scenario: `Parse + validate \`${text}\` (${label})`,
      unit: "per-second",
      ours,
      baselines: [
        {
          name: form === "colon" ? "split + hand check" : "JSON.parse + hand check",
          measure: perSecond(measured.reference),
        },
      ],
      ratios: [{ label: "ours / reference time", value: measured.ours.median / measured.reference.median }],
      target: `≥ ${c.targets.perSecondAtLeast.toLocaleString("en-US")}/s`,
      met: ours.median >= c.targets.perSecondAtLeast,
      notes: [
        `${(measured.ours.median / 1e3).toFixed(2)} µs per parse; the reference does no spans, no diagnostics and no Java-regex checks`,
      ],
    });
  }
  return rows;
}

/** Texts like `text` whose LIKE value `us-.*` becomes `us-<i>.*`: `n` patterns the regex memo has never seen. */
function coldPool(text, n) {
  return Array.from({ length: n }, (_, i) => text.replace("us-.*", `us-${i}.*`));
}
