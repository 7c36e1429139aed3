// The Java regex grammar as a chevrotain parser over the scanner's tokens, building the typed AST.
// Pure grammar and tree construction: validity checks that need the whole tree live in validate.ts.
import { EmbeddedActionsParser, EOF, type IToken } from "chevrotain";
import type {
  AlternationNode,
  AtomNode,
  ClassItem,
  ClassNode,
  GroupNode,
  Leaf,
  Quantifier as QuantifierNode,
  SequenceNode,
  TermNode,
} from "./ast.js";
import type { TokenData } from "./scanner.js";
import * as T from "./tokens.js";

const NO_LEAF: Leaf = { leading: "", raw: "", span: { start: 0, end: 0 } };
const NO_DATA: TokenData = { leaf: NO_LEAF, flags: 0 };

/** The payload of a token (a placeholder while chevrotain records the grammar). */
function data(tok: IToken): TokenData {
  return (tok.payload as TokenData | undefined) ?? NO_DATA;
}

function leafSpan(t: TermNode | ClassItem): { start: number; end: number } {
  return "leaf" in t ? t.leaf.span : t.span;
}

class JavaRegexParser extends EmbeddedActionsParser {
  /**
   * Look-behind groups and classes completed so far in this parse, in order: Java checks them as it closes them,
   * so their problems must be weighed against an error further on even when the parse stops there.
   */
  completed: (GroupNode | ClassNode)[] = [];
  /** Whether the input ended inside a group (Java: "Unclosed group"). */
  unclosed = false;
  /** Length of the pattern being parsed: where the close of an unclosed group is placed. */
  textLength = 0;

  constructor() {
    super(T.allTokens, { maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  // regex = alternation ;
  public regex = this.RULE("regex", (): AlternationNode => this.SUBRULE(this.alternation));

  // alternation = sequence , { "|" , sequence } ;
  private alternation = this.RULE("alternation", (): AlternationNode => {
    const branches: SequenceNode[] = [this.SUBRULE(this.sequence)];
    const bars: Leaf[] = [];
    this.MANY(() => {
      const bar = this.CONSUME(T.Pipe, { LABEL: "bar" });
      bars.push(data(bar).leaf);
      branches.push(this.SUBRULE2(this.sequence));
    });
    return this.ACTION(() => {
      const fallback = bars[0]?.span.start ?? 0;
      const first = branches[0]!;
      const last = branches[branches.length - 1]!;
      const start = Math.min(first.span.start, bars[0]?.span.start ?? first.span.start);
      const end = Math.max(last.span.end, bars[bars.length - 1]?.span.end ?? last.span.end);
      return {
        kind: "alternation",
        branches,
        bars,
        span: branches.length ? { start, end } : { start: fallback, end: fallback },
      };
    });
  });

  // sequence = { LiteralRun | term } ;
  private sequence = this.RULE("sequence", (): SequenceNode => {
    const terms: TermNode[] = [];
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const d = data(this.CONSUME(T.LiteralRun, { LABEL: "literals" }));
            this.ACTION(() => {
              for (const it of d.run ?? [])
                terms.push({ kind: "literal", cp: it.cp, flags: it.flags, leaf: it.leaf });
            });
          },
        },
        { ALT: () => terms.push(this.SUBRULE(this.term)) },
      ]);
    });
    return this.ACTION(() => {
      const next = this.LA(1);
      const at = Math.max(next.startOffset, 0);
      return {
        kind: "sequence",
        terms,
        span: terms.length
          ? { start: leafSpan(terms[0]!).start, end: leafSpan(terms[terms.length - 1]!).end }
          : { start: at, end: at },
      };
    });
  });

  // term = FlagGroup | BraceQuantifier | atom , [ Quantifier ] ;
  private term = this.RULE("term", (): TermNode => {
    return this.OR([
      {
        ALT: () => {
          const d = data(this.CONSUME(T.FlagGroup, { LABEL: "flags" }));
          return { kind: "flaggroup", on: d.on ?? 0, off: d.off ?? 0, leaf: d.leaf } as TermNode;
        },
      },
      {
        // A brace quantifier where a term starts applies to the empty string (Java); `*`, `+`, `?` dangle.
        GATE: () => {
          const t = this.LA(1);
          return t.tokenType === T.Quantifier && t.image.charCodeAt(0) === 0x7b;
        },
        ALT: () => {
          const q = this.quantifierOf(this.CONSUME(T.Quantifier, { LABEL: "emptyQuantifier" }));
          return { kind: "quantified", atom: null, quantifier: q, span: q.leaf.span } as TermNode;
        },
      },
      {
        ALT: () => {
          const atom = this.SUBRULE(this.atom);
          const q = this.OPTION(() =>
            this.quantifierOf(this.CONSUME2(T.Quantifier, { LABEL: "quantifier" })),
          );
          return this.ACTION((): TermNode => {
            if (q === undefined) return atom;
            const s = "leaf" in atom ? atom.leaf.span : atom.span;
            return {
              kind: "quantified",
              atom,
              quantifier: q,
              span: { start: s.start, end: q.leaf.span.end },
            };
          });
        },
      },
    ]);
  });

  private quantifierOf(tok: IToken): QuantifierNode {
    const d = data(tok);
    return {
      min: d.min ?? 0,
      max: d.max ?? -1,
      mode: d.mode ?? "greedy",
      open: d.open ?? false,
      leaf: d.leaf,
    };
  }

  // atom = Literal | "." | "^" | "$" | SetEscape | Anchor | BackRef | "\R" | "\X" | group | charClass ;
  private atom = this.RULE("atom", (): AtomNode => {
    return this.OR([
      {
        ALT: () => {
          const d = data(this.CONSUME(T.Literal));
          return (
            d.charName === undefined
              ? { kind: "literal", cp: d.cp ?? 0, flags: d.flags, leaf: d.leaf }
              : { kind: "literal", cp: d.cp ?? -1, charName: d.charName, flags: d.flags, leaf: d.leaf }
          ) as AtomNode;
        },
      },
      {
        ALT: () => {
          const d = data(this.CONSUME(T.Dot));
          return { kind: "dot", flags: d.flags, leaf: d.leaf } as AtomNode;
        },
      },
      { ALT: () => this.simple("caret", this.CONSUME(T.Caret)) },
      { ALT: () => this.simple("dollar", this.CONSUME(T.Dollar)) },
      {
        ALT: () => {
          const d = data(this.CONSUME(T.SetEscape));
          return {
            kind: "set",
            set: d.set ?? { type: "digit", negated: false },
            flags: d.flags,
            leaf: d.leaf,
          } as AtomNode;
        },
      },
      {
        ALT: () => {
          const d = data(this.CONSUME(T.Anchor));
          return { kind: "anchor", which: d.anchor ?? "b", flags: d.flags, leaf: d.leaf } as AtomNode;
        },
      },
      {
        ALT: () => {
          const d = data(this.CONSUME(T.BackRef));
          return (
            d.name === undefined
              ? { kind: "backref", group: d.group ?? 0, flags: d.flags, leaf: d.leaf }
              : { kind: "backref", group: d.group ?? 0, name: d.name, flags: d.flags, leaf: d.leaf }
          ) as AtomNode;
        },
      },
      { ALT: () => this.simple("linebreak", this.CONSUME(T.LineBreak)) },
      { ALT: () => this.simple("grapheme", this.CONSUME(T.Grapheme)) },
      { ALT: () => this.SUBRULE(this.group) },
      { ALT: () => this.SUBRULE(this.charClass) },
    ]);
  });

  private simple(kind: "caret" | "dollar" | "linebreak" | "grapheme", tok: IToken): AtomNode {
    const d = data(tok);
    return { kind, flags: d.flags, leaf: d.leaf } as AtomNode;
  }

  // group = GroupOpen , alternation , ( ")" | end of input ) ;
  private group = this.RULE("group", (): GroupNode => {
    const open = data(this.CONSUME(T.GroupOpen, { LABEL: "open" }));
    const body = this.SUBRULE(this.alternation);
    const closed = this.OR2([
      { ALT: () => data(this.CONSUME(T.RParen, { LABEL: "close" })).leaf },
      { GATE: () => this.LA(1).tokenType === EOF, ALT: () => undefined },
    ]);
    return this.ACTION(() => {
      // A group the input ends inside is still built (Java checks a look-behind before it finds the ')'
      // missing); its close is empty. Anything else in place of ')' is a parse error raised further up.
      // Java closes the innermost group first: with an unclosed group inside, it fails before studying this one.
      const innerUnclosed = this.unclosed;
      if (!closed) this.unclosed = true;
      const end = this.textLength;
      const close: Leaf = closed ?? { leading: "", raw: "", span: { start: end, end } };
      const g: GroupNode = {
        kind: "group",
        type: open.groupType ?? "noncapture",
        ...(open.group !== undefined ? { index: open.group } : {}),
        ...(open.name !== undefined ? { name: open.name } : {}),
        open: open.leaf,
        body,
        close,
        span: { start: open.leaf.span.start, end: Math.max(close.span.end, body.span.end) },
      };
      if ((g.type === "lookbehind" || g.type === "neglookbehind") && !innerUnclosed) this.completed.push(g);
      return g;
    });
  });

  // charClass = ClassOpen , { classItem } , "]" ;
  private charClass = this.RULE("charClass", (): ClassNode => {
    const open = data(this.CONSUME(T.ClassOpen, { LABEL: "open" }));
    const items: ClassItem[] = [];
    this.MANY(() => {
      items.push(this.SUBRULE(this.classItem));
    });
    const close = data(this.CONSUME(T.ClassClose, { LABEL: "close" }));
    return this.ACTION(() => {
      const c: ClassNode = {
        kind: "class",
        negated: open.negated ?? false,
        items,
        flags: open.flags,
        open: open.leaf,
        close: close.leaf,
        span: { start: open.leaf.span.start, end: close.leaf.span.end },
      };
      this.completed.push(c);
      return c;
    });
  });

  // classItem = Literal , [ RangeDash , Literal ] | SetEscape | "&&" | charClass ;
  private classItem = this.RULE("classItem", (): ClassItem => {
    return this.OR([
      {
        ALT: () => {
          const from = this.classChar(this.CONSUME(T.Literal, { LABEL: "from" }));
          const range = this.OPTION(() => {
            const dash = data(this.CONSUME(T.RangeDash, { LABEL: "dash" })).leaf;
            const to = this.classChar(this.CONSUME2(T.Literal, { LABEL: "to" }));
            return { dash, to };
          });
          return this.ACTION((): ClassItem => {
            if (!range) return from;
            return {
              kind: "range",
              from,
              dash: range.dash,
              to: range.to,
              span: { start: from.leaf.span.start, end: range.to.leaf.span.end },
            };
          });
        },
      },
      {
        ALT: () => {
          const d = data(this.CONSUME(T.SetEscape));
          return {
            kind: "set",
            set: d.set ?? { type: "digit", negated: false },
            flags: d.flags,
            leaf: d.leaf,
          } as ClassItem;
        },
      },
      { ALT: () => ({ kind: "and", leaf: data(this.CONSUME(T.ClassAnd)).leaf }) as ClassItem },
      { ALT: () => this.SUBRULE(this.charClass) },
    ]);
  });

  private classChar(tok: IToken) {
    const d = data(tok);
    return {
      kind: "char" as const,
      cp: d.cp ?? 0,
      ...(d.charName !== undefined ? { charName: d.charName } : {}),
      escaped: d.escaped ?? false,
      leaf: d.leaf,
    };
  }
}

let instance: JavaRegexParser | undefined;

/**
 * The grammar's single parser instance (chevrotain's advice: build once, reuse), built on first use so
 * that start-up pays for it only when a pattern is parsed; also the source of the railroad diagrams.
 */
export function javaRegexParser(): JavaRegexParser {
  instance ??= new JavaRegexParser();
  return instance;
}
