// Test helper: java.util.regex itself as the oracle. Writes a tiny Java program to a temp dir, compiles it once,
// and answers many (pattern, input) questions in one process over stdin/stdout.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SOURCE = `
import java.io.*;
import java.util.*;
import java.util.regex.*;

public class RegexOracle {
  // A CharSequence that gives up after too many reads, so a catastrophically backtracking case answers X.
  static final class Limited implements CharSequence {
    final String s; long budget;
    Limited(String s, long budget) { this.s = s; this.budget = budget; }
    public int length() { return s.length(); }
    public char charAt(int i) { if (--budget < 0) throw new IllegalStateException("budget"); return s.charAt(i); }
    public CharSequence subSequence(int a, int b) { return s.subSequence(a, b); }
    public String toString() { return s; }
  }
  static String hex(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) sb.append(String.format("%04x", (int) s.charAt(i)));
    return sb.toString();
  }
  static String dec(String h) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i + 4 <= h.length(); i += 4) sb.append((char) Integer.parseInt(h.substring(i, i + 4), 16));
    return sb.toString();
  }
  public static void main(String[] a) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
    HashMap<String, Object> cache = new HashMap<>();
    String line;
    while ((line = in.readLine()) != null) {
      String[] f = line.split(" ", -1);
      String p = dec(f[0]);
      Object c = cache.get(p);
      if (c == null) {
        try { c = Pattern.compile(p); } catch (PatternSyntaxException e) { c = e; }
        cache.put(p, c);
      }
      if (c instanceof PatternSyntaxException) {
        PatternSyntaxException e = (PatternSyntaxException) c;
        out.println("E " + e.getIndex() + " " + hex(e.getDescription()));
      }
      else if (f.length < 2 || f[1].equals("-")) out.println("V");
      else {
        String r;
        try { r = ((Pattern) c).matcher(new Limited(dec(f[1]), 20_000_000L)).matches() ? "T" : "F"; } catch (RuntimeException | StackOverflowError ex) { r = "X"; }
        out.println(r);
      }
    }
    out.flush();
  }
}
`;

function hasCommand(cmd: string): boolean {
  try {
    execFileSync(cmd, ["-version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Whether both `java` and `javac` are on PATH. */
export const hasJava = hasCommand("java") && hasCommand("javac");

let classDir: string | undefined;

function compileOracle(): string {
  if (classDir) return classDir;
  const dir = mkdtempSync(join(tmpdir(), "regex-oracle-"));
  writeFileSync(join(dir, "RegexOracle.java"), SOURCE);
  execFileSync("javac", ["-d", dir, join(dir, "RegexOracle.java")], { stdio: "ignore" });
  classDir = dir;
  return dir;
}

function hex(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).padStart(4, "0");
  return out;
}

export interface OracleQuestion {
  readonly pattern: string;
  /** Omit to ask only whether the pattern compiles. */
  readonly input?: string;
}

/**
 * `E <index> <description>`: Pattern.compile throws (PatternSyntaxException's index and description); `V`: valid
 * (no input asked); `T`/`F`: matches or not; `X`: Java throws or exceeds its step budget while matching.
 */
export type OracleAnswer = `E ${number} ${string}` | "V" | "T" | "F" | "X";

/** Java's error of an `E` answer: the "description near index N" text our diagnostics carry. */
export function javaError(answer: OracleAnswer): string | undefined {
  if (!answer.startsWith("E ")) return undefined;
  const [, index, hexText] = answer.split(" ");
  let description = "";
  for (let i = 0; i + 4 <= (hexText ?? "").length; i += 4)
    description += String.fromCharCode(Number.parseInt(hexText!.slice(i, i + 4), 16));
  return `${description} near index ${index}`;
}

/** Asks the JDK every question in one `java` process. */
export function askJava(questions: readonly OracleQuestion[]): OracleAnswer[] {
  const dir = compileOracle();
  const stdin = `${questions.map((q) => `${hex(q.pattern)} ${q.input === undefined ? "-" : hex(q.input)}`).join("\n")}\n`;
  const r = spawnSync("java", ["-Xss16m", "-cp", dir, "RegexOracle"], {
    input: stdin,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`java oracle failed: ${r.stderr}`);
  const lines = r.stdout.split("\n").filter((l) => l.length > 0) as OracleAnswer[];
  if (lines.length !== questions.length)
    throw new Error(`java oracle answered ${lines.length} of ${questions.length}`);
  return lines;
}
