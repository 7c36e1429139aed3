// Generates src/regex/unicode-tables.generated.ts from the running JDK (facts about its Unicode data).
// Run: javac -d /tmp/gen UnicodeTables.java && java --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util.regex=ALL-UNNAMED -cp /tmp/gen UnicodeTables > ../../../src/regex/unicode-tables.generated.ts
import java.lang.reflect.Field;
import java.util.*;
import java.util.regex.Pattern;

public class UnicodeTables {
  static final int MAX = 0x10FFFF;
  static StringBuilder out = new StringBuilder();

  static String encode(boolean[] in) {
    StringBuilder sb = new StringBuilder();
    int prev = 0;
    int cp = 0;
    while (cp <= MAX) {
      if (!in[cp]) { cp++; continue; }
      int start = cp;
      while (cp <= MAX && in[cp]) cp++;
      if (sb.length() > 0) sb.append(',');
      sb.append(Integer.toString(start - prev, 36)).append(',').append(Integer.toString(cp - 1 - start, 36));
      prev = cp - 1;
    }
    return sb.toString();
  }

  static boolean[] eval(String expr) {
    Pattern p = Pattern.compile(expr);
    boolean[] r = new boolean[MAX + 1];
    for (int cp = 0; cp <= MAX; cp++) r[cp] = p.matcher(new String(Character.toChars(cp))).matches();
    return r;
  }

  static void emitSet(Map<String, String> sets, String key, String expr, boolean withCi) {
    boolean[] base = eval(expr);
    sets.put(key, encode(base));
    if (withCi) {
      boolean[] ci = eval("(?i)" + expr);
      if (!Arrays.equals(base, ci)) sets.put(key + "|i", encode(ci));
      boolean[] ciu = eval("(?iu)" + expr);
      if (!Arrays.equals(ci, ciu)) System.err.println("note: (?iu) differs from (?i) for " + expr);
    }
  }

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Map<String, String> sets = new TreeMap<>();
    String[] props = {"Cn","Lu","Ll","Lt","Lm","Lo","Mn","Me","Mc","Nd","Nl","No","Zs","Zl","Zp","Cc","Cf","Co","Cs","Pd","Ps","Pe","Pc","Po","Sm","Sc","Sk","So","Pi","Pf","L","M","N","Z","C","P","S","LC","LD","L1","all","ASCII","Alnum","Alpha","Blank","Cntrl","Digit","Graph","Lower","Print","Punct","Space","Upper","XDigit","javaLowerCase","javaUpperCase","javaAlphabetic","javaIdeographic","javaTitleCase","javaDigit","javaDefined","javaLetter","javaLetterOrDigit","javaJavaIdentifierStart","javaJavaIdentifierPart","javaUnicodeIdentifierStart","javaUnicodeIdentifierPart","javaIdentifierIgnorable","javaSpaceChar","javaWhitespace","javaISOControl","javaMirrored"};
    for (String p : props) emitSet(sets, "prop:" + p, "\\p{" + p + "}", true);
    String[] uprops = {"ALPHABETIC","ASSIGNED","CONTROL","HEXDIGIT","HEX_DIGIT","IDEOGRAPHIC","JOINCONTROL","JOIN_CONTROL","LETTER","LOWERCASE","NONCHARACTERCODEPOINT","NONCHARACTER_CODE_POINT","TITLECASE","PUNCTUATION","UPPERCASE","WHITESPACE","WHITE_SPACE","WORD","ALNUM","BLANK","GRAPH","PRINT","ALPHA","LOWER","UPPER","SPACE","PUNCT","XDIGIT","CNTRL","DIGIT"};
    List<String> validUprops = new ArrayList<>();
    for (String p : uprops) {
      try { Pattern.compile("\\p{Is" + p + "}"); } catch (Exception e) { System.err.println("no uprop " + p); continue; }
      validUprops.add(p);
      emitSet(sets, "uprop:" + p, "\\p{Is" + p + "}", true);
    }
    emitSet(sets, "uclass:w", "(?U)\\w", false);
    emitSet(sets, "uclass:d", "(?U)\\d", false);
    emitSet(sets, "uclass:s", "(?U)\\s", false);
    // Scripts and blocks, by their enum names.
    for (Character.UnicodeScript s : Character.UnicodeScript.values()) emitSet(sets, "sc:" + s.name(), "\\p{sc=" + s.name() + "}", true);
    Field bf = Character.UnicodeBlock.class.getDeclaredField("map");
    bf.setAccessible(true);
    Map<String, Character.UnicodeBlock> bmap = (Map<String, Character.UnicodeBlock>) bf.get(null);
    TreeMap<String, String> blockAlias = new TreeMap<>();
    Set<String> blocks = new TreeSet<>();
    for (Map.Entry<String, Character.UnicodeBlock> e : bmap.entrySet()) {
      blockAlias.put(e.getKey(), e.getValue().toString());
      blocks.add(e.getValue().toString());
    }
    for (String b : blocks) emitSet(sets, "blk:" + b, "\\p{blk=" + b + "}", true);
    Field sf = Character.UnicodeScript.class.getDeclaredField("aliases");
    sf.setAccessible(true);
    Map<String, Character.UnicodeScript> smap = (Map<String, Character.UnicodeScript>) sf.get(null);
    TreeMap<String, String> scriptAlias = new TreeMap<>();
    for (Character.UnicodeScript s : Character.UnicodeScript.values()) scriptAlias.put(s.name(), s.name());
    for (Map.Entry<String, Character.UnicodeScript> e : smap.entrySet()) scriptAlias.put(e.getKey(), e.getValue().name());
    // Grapheme cluster break types and the pair table of java.util.regex.Grapheme (package-private; read by reflection).
    Class<?> g = Class.forName("java.util.regex.Grapheme");
    java.lang.reflect.Method gt = g.getDeclaredMethod("getType", int.class);
    gt.setAccessible(true);
    Map<Integer, boolean[]> byType = new TreeMap<>();
    for (int cp = 0; cp <= MAX; cp++) {
      int t = (Integer) gt.invoke(null, cp);
      byType.computeIfAbsent(t, k -> new boolean[MAX + 1])[cp] = true;
    }
    for (Map.Entry<Integer, boolean[]> e : byType.entrySet()) sets.put("gcb:" + e.getKey(), encode(e.getValue()));
    Field rf = g.getDeclaredField("rules");
    rf.setAccessible(true);
    boolean[][] rules = (boolean[][]) rf.get(null);
    StringBuilder rs = new StringBuilder();
    for (boolean[] row : rules) {
      if (rs.length() > 0) rs.append(',');
      for (boolean b : row) rs.append(b ? '1' : '0');
    }
    String graphemeRules = rs.toString();
    // Simple case mappings (Character.toUpperCase / toLowerCase of a code point).
    StringBuilder up = new StringBuilder(), lo = new StringBuilder();
    int pu = 0, pl = 0;
    for (int cp = 0; cp <= MAX; cp++) {
      int u = Character.toUpperCase(cp), l = Character.toLowerCase(cp);
      if (u != cp) { if (up.length() > 0) up.append(','); up.append(Integer.toString(cp - pu, 36)).append(',').append(Integer.toString(u - cp + 0x200000, 36)); pu = cp; }
      if (l != cp) { if (lo.length() > 0) lo.append(','); lo.append(Integer.toString(cp - pl, 36)).append(',').append(Integer.toString(l - cp + 0x200000, 36)); pl = cp; }
    }
    out.append("// GENERATED by test/regex/gen/UnicodeTables.java from the JDK ").append(System.getProperty("java.version"))
       .append(" class library: Unicode data exactly as java.util.regex sees it. Do not edit.\n");
    out.append("// Sets are base-36 pairs (gap from the previous range end, length - 1); case maps are (gap, target + 0x200000 - source).\n");
    out.append("/** JDK version the tables were generated from. */\nexport const JDK_VERSION = \"").append(System.getProperty("java.version")).append("\";\n");
    out.append("/** Code point sets by predicate key. */\nexport const SETS: Readonly<Record<string, string>> = {\n");
    for (Map.Entry<String, String> e : sets.entrySet()) out.append("  \"").append(e.getKey()).append("\": \"").append(e.getValue()).append("\",\n");
    out.append("};\n");
    out.append("/** Upper-cased block names and aliases accepted by UnicodeBlock.forName, to the block's constant name. */\nexport const BLOCK_ALIASES: Readonly<Record<string, string>> = {\n");
    for (Map.Entry<String, String> e : blockAlias.entrySet()) out.append("  \"").append(e.getKey()).append("\": \"").append(e.getValue()).append("\",\n");
    out.append("};\n");
    out.append("/** Upper-cased script names and aliases accepted by UnicodeScript.forName, to the script's constant name. */\nexport const SCRIPT_ALIASES: Readonly<Record<string, string>> = {\n");
    for (Map.Entry<String, String> e : scriptAlias.entrySet()) out.append("  \"").append(e.getKey()).append("\": \"").append(e.getValue()).append("\",\n");
    out.append("};\n");
    out.append("/** Unicode property names accepted after `Is` (upper-cased). */\nexport const UNICODE_PROPERTIES: readonly string[] = [");
    for (int i = 0; i < validUprops.size(); i++) out.append(i > 0 ? ", " : "").append('"').append(validUprops.get(i)).append('"');
    out.append("];\n");
    out.append("/** java.util.regex.Grapheme's pair table: row = type before, column = type after, 1 = cluster boundary. */\nexport const GRAPHEME_RULES = \"").append(graphemeRules).append("\";\n");
    out.append("/** Character.toUpperCase where it is not the identity. */\nexport const TO_UPPER = \"").append(up).append("\";\n");
    out.append("/** Character.toLowerCase where it is not the identity. */\nexport const TO_LOWER = \"").append(lo).append("\";\n");
    System.out.print(out);
  }
}
