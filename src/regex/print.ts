// printJavaRegex: the exact source text of a parsed pattern, rebuilt from the tree's leaves.
// Must stay the inverse of parseJavaRegex for every valid pattern (property-tested).
import type { AlternationNode, AtomNode, ClassItem, Leaf, RegexNode, TermNode } from "./ast.js";

const leaf = (l: Leaf) => l.leading + l.raw;

function alt(a: AlternationNode): string {
  let s = "";
  a.branches.forEach((b, i) => {
    if (i > 0) s += leaf(a.bars[i - 1]!);
    for (const t of b.terms) s += term(t);
  });
  return s;
}

function term(t: TermNode): string {
  if (t.kind === "quantified") return (t.atom ? atom(t.atom) : "") + leaf(t.quantifier.leaf);
  if (t.kind === "flaggroup") return leaf(t.leaf);
  return atom(t);
}

function atom(a: AtomNode): string {
  switch (a.kind) {
    case "group":
      return leaf(a.open) + alt(a.body) + leaf(a.close);
    case "class":
      return leaf(a.open) + a.items.map(item).join("") + leaf(a.close);
    default:
      return leaf(a.leaf);
  }
}

function item(i: ClassItem): string {
  switch (i.kind) {
    case "range":
      return leaf(i.from.leaf) + leaf(i.dash) + leaf(i.to.leaf);
    case "class":
      return atom(i);
    default:
      return leaf(i.leaf);
  }
}

/** The pattern text of a tree: `printJavaRegex(parseJavaRegex(p).ast) === p` for every valid `p`. */
export function printJavaRegex(ast: RegexNode): string {
  return alt(ast.body) + ast.trailing;
}
