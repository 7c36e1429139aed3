// Marathon's launch queue (`GET /v2/queue?embed=lastUnusedOffers`, Marathon 1.x) -> what waits, for how
// long, its back-off, and Marathon's own offer counters. Reads text; keeps spans; never throws.
import type { Span } from "../ast.js";
import { type Diagnostic, hasErrors } from "../diagnostics.js";
import { has, member, TreeReader } from "../simulate/json-tree.js";
import { type JsonNode, parseJson } from "../syntax/json.js";

/** One step of Marathon's funnel: of `processed` offers left, `declined` stopped at `reason`. */
export interface DeclineStep {
  readonly reason: string;
  readonly declined: number;
  readonly processed: number;
}

export interface OffersSummary {
  readonly processedOffersCount: number;
  readonly unusedOffersCount: number;
  readonly lastUnusedOfferAt?: string;
  readonly lastUsedOfferAt?: string;
  /** The last offer of each agent, funnelled. */
  readonly rejectSummaryLastOffers?: readonly DeclineStep[];
  /** Every offer since the launch attempt started, funnelled. */
  readonly rejectSummaryLaunchAttempt?: readonly DeclineStep[];
}

export interface UnusedOffer {
  readonly agentId?: string;
  readonly hostname?: string;
  readonly reasons: readonly string[];
  readonly timestamp?: string;
}

/** One app or pod in Marathon's launch queue. */
export interface QueueEntry {
  readonly id: string;
  readonly kind: "app" | "pod";
  /** Instances left to launch. */
  readonly count: number;
  readonly role?: string;
  /** `overdue` true: waiting for offers; false: backed off for `timeLeftSeconds`. */
  readonly delay?: { readonly timeLeftSeconds: number; readonly overdue: boolean };
  /** When Marathon started this launch attempt (ISO 8601). */
  readonly since?: string;
  readonly offers?: OffersSummary;
  readonly lastUnusedOffers?: readonly UnusedOffer[];
  /** The app or pod definition as the queue embeds it, and its span in the text. */
  readonly definition: { readonly text: string; readonly span: Span };
}

export interface QueueResult {
  readonly entries: readonly QueueEntry[];
  readonly diagnostics: readonly Diagnostic[];
}

function steps(
  r: TreeReader,
  summary: JsonNode | undefined,
  key: string,
  label: string,
): DeclineStep[] | undefined {
  if (!has(summary, key)) return undefined;
  const out: DeclineStep[] = [];
  for (const s of r.array(summary, key, label)) {
    const reason = r.string(s, "reason", `${label}[].reason`);
    if (reason === undefined) continue;
    out.push({
      reason,
      declined: r.number(s, "declined", 0, `${label}[].declined`, { integer: true }),
      processed: r.number(s, "processed", 0, `${label}[].processed`, { integer: true }),
    });
  }
  return out;
}

function readSummary(r: TreeReader, node: JsonNode | undefined, label: string): OffersSummary | undefined {
  const s = r.object(node, "processedOffersSummary", `${label}: processedOffersSummary`);
  if (s === undefined) return undefined;
  const lastUnused = r.string(s, "lastUnusedOfferAt", `${label}: lastUnusedOfferAt`);
  const lastUsed = r.string(s, "lastUsedOfferAt", `${label}: lastUsedOfferAt`);
  const lastOffers = steps(r, s, "rejectSummaryLastOffers", `${label}: rejectSummaryLastOffers`);
  const attempt = steps(r, s, "rejectSummaryLaunchAttempt", `${label}: rejectSummaryLaunchAttempt`);
  return {
    processedOffersCount: r.number(s, "processedOffersCount", 0, `${label}: processedOffersCount`, {
      integer: true,
    }),
    unusedOffersCount: r.number(s, "unusedOffersCount", 0, `${label}: unusedOffersCount`, { integer: true }),
    ...(lastUnused === undefined ? {} : { lastUnusedOfferAt: lastUnused }),
    ...(lastUsed === undefined ? {} : { lastUsedOfferAt: lastUsed }),
    ...(lastOffers === undefined ? {} : { rejectSummaryLastOffers: lastOffers }),
    ...(attempt === undefined ? {} : { rejectSummaryLaunchAttempt: attempt }),
  };
}

function readUnused(r: TreeReader, node: JsonNode, label: string): UnusedOffer[] | undefined {
  if (!has(node, "lastUnusedOffers")) return undefined;
  const out: UnusedOffer[] = [];
  for (const u of r.array(node, "lastUnusedOffers", `${label}: lastUnusedOffers`)) {
    const offer = r.object(u, "offer", `${label}: lastUnusedOffers[].offer`);
    const agentId = r.string(offer, "agentId", `${label}: offer.agentId`);
    const hostname = r.string(offer, "hostname", `${label}: offer.hostname`);
    const timestamp = r.string(u, "timestamp", `${label}: lastUnusedOffers[].timestamp`);
    out.push({
      ...(agentId === undefined ? {} : { agentId }),
      ...(hostname === undefined ? {} : { hostname }),
      reasons: r.strings(u, "reason", `${label}: lastUnusedOffers[].reason`) ?? [],
      ...(timestamp === undefined ? {} : { timestamp }),
    });
  }
  return out;
}

/**
 * Reads a `/v2/queue` response: `{queue: [{app | pod, count, role, delay, since,
 * processedOffersSummary, lastUnusedOffers?}]}`. An empty object or list means nothing waits.
 * @example readQueue('{"queue":[]}').entries.length // 0
 */
export function readQueue(text: string): QueueResult {
  const json = parseJson(text);
  if (hasErrors(json.diagnostics) || json.value === undefined) {
    const errors = json.diagnostics.filter((d) => d.severity === "error");
    return {
      entries: [],
      diagnostics:
        errors.length > 0
          ? errors
          : [
              {
                severity: "error",
                code: "invalid_queue",
                message: "the queue response is empty",
                span: { start: 0, end: 0 },
              },
            ],
    };
  }
  const r = new TreeReader("invalid_queue");
  const root = json.value;
  // Marathon before 1.4 (and some proxies) answer with the bare list.
  const items =
    root.kind === "array"
      ? root.elements
      : root.kind === "object"
        ? r.array(root, "queue", "queue")
        : undefined;
  if (items === undefined) {
    r.error(root.span, 'not a Marathon queue: expected {"queue": [...]} as GET /v2/queue returns it');
    return { entries: [], diagnostics: r.diagnostics };
  }
  if (root.kind === "object" && !has(root, "queue") && root.members.length > 0) {
    r.error(root.span, 'not a Marathon queue: expected {"queue": [...]} as GET /v2/queue returns it');
    return { entries: [], diagnostics: r.diagnostics };
  }
  const entries: QueueEntry[] = [];
  items.forEach((item, i) => {
    const label = `queue[${i}]`;
    if (item.kind !== "object") {
      r.error(item.span, `${label} must be an object with "app" or "pod"`);
      return;
    }
    const app = member(item, "app");
    const pod = member(item, "pod");
    const def = app?.kind === "object" ? app : pod?.kind === "object" ? pod : undefined;
    if (def === undefined) {
      r.error(item.span, `${label} has neither "app" nor "pod"`);
      return;
    }
    const id = r.string(def, "id", `${label}: id`);
    if (id === undefined || id === "") {
      r.error(def.span, `${label}: the ${def === app ? "app" : "pod"} has no id`);
      return;
    }
    const delayNode = r.object(item, "delay", `${label}: delay`);
    const since = r.string(item, "since", `${label}: since`);
    const role = r.string(item, "role", `${label}: role`);
    const offers = readSummary(r, item, label);
    const unused = readUnused(r, item, label);
    entries.push({
      id: id.startsWith("/") ? id : `/${id}`,
      kind: def === app ? "app" : "pod",
      count: r.number(item, "count", 0, `${label}: count`, { integer: true }),
      ...(role === undefined ? {} : { role }),
      ...(delayNode === undefined
        ? {}
        : {
            delay: {
              timeLeftSeconds: r.number(delayNode, "timeLeftSeconds", 0, `${label}: delay.timeLeftSeconds`),
              overdue: r.boolean(delayNode, "overdue", true, `${label}: delay.overdue`),
            },
          }),
      ...(since === undefined ? {} : { since }),
      ...(offers === undefined ? {} : { offers }),
      ...(unused === undefined ? {} : { lastUnusedOffers: unused }),
      definition: { text: text.slice(def.span.start, def.span.end), span: def.span },
    });
  });
  return { entries, diagnostics: r.diagnostics };
}
