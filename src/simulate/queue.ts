// Marathon's launch queue as the offers see it: for each agent, the queued apps its offer is shown to,
// in queue order. Pure computation over the placement loop's run records; decides nothing itself.
import { type AgentRun, type AppRun, matchOffer } from "./offer.js";

const NONE = 0x7fffffff;

/**
 * The queued apps by the agents they could ever take. An app without reservations whose agent-only
 * constraints refuse an agent would refuse it whatever happens, and with hundreds of queued apps most
 * do (bench: explain); an app they refuse nowhere is kept once rather than at every agent, since
 * thousands of apps on thousands of agents would otherwise list every app at every agent (bench:
 * memory-apps). The offer at one agent then walks both lists merged, in queue order, only as far as
 * it gets (`next`).
 */
export class OfferQueue {
  readonly #agents: readonly AgentRun[];
  readonly #queued: readonly AppRun[];
  /** Per queued app: the offerable rows it could take (`#all` itself when that is every one). */
  readonly #reach: readonly Int32Array[];
  readonly #all: Int32Array;
  /** Per agent row, from `#starts[row]` to `#starts[row + 1]`: the other apps it could take, ascending. */
  readonly #starts: Int32Array;
  readonly #askable: Int32Array;
  readonly #inQueue: Uint8Array;
  /** This round's queued apps that could take any agent, ascending, and the first not yet done. */
  #everywhere = new Int32Array(0);
  #first = 0;
  // Where the current offer's walk stands in both lists.
  #e = 0;
  #c = 0;
  #cEnd = 0;

  constructor(agents: readonly AgentRun[], queued: readonly AppRun[], offerable: readonly AgentRun[]) {
    this.#agents = agents;
    this.#queued = queued;
    this.#all = Int32Array.from(offerable, (a) => a.index);
    // Matchers with the same agent-only constraints share their verdicts, and so their rows.
    const byVerdicts = new Map<Uint8Array, Int32Array>();
    this.#reach = queued.map((r) => {
      if (r.offer.reserve !== undefined) return this.#all;
      const ok = r.matcher.staticVerdicts();
      let rows = byVerdicts.get(ok);
      if (rows === undefined) {
        rows = reachable(ok, this.#all);
        byVerdicts.set(ok, rows);
      }
      return rows;
    });
    const starts = new Int32Array(agents.length + 1);
    for (const rows of this.#reach) {
      if (rows === this.#all) continue;
      for (let i = 0; i < rows.length; i++) starts[rows[i]! + 1]!++;
    }
    for (let i = 0; i < agents.length; i++) starts[i + 1]! += starts[i]!;
    const askable = new Int32Array(starts[agents.length]!);
    const next = starts.slice(0, agents.length);
    this.#reach.forEach((rows, k) => {
      if (rows === this.#all) return;
      for (let i = 0; i < rows.length; i++) askable[next[rows[i]!]!++] = k;
    });
    this.#starts = starts;
    this.#askable = askable;
    this.#inQueue = new Uint8Array(queued.length);
  }

  /**
   * The offerable rows queued app `k` could ever take (every one for a resident app; else those its
   * agent-only constraints accept), ascending.
   */
  reachOf(k: number): Int32Array {
    return this.#reach[k]!;
  }

  /** Whether some offerable agent's offer could take one more instance of queued app `k` now. */
  anyTakes(k: number): boolean {
    const run = this.#queued[k]!;
    const rows = this.#reach[k]!;
    for (let i = 0; i < rows.length; i++) {
      const a = this.#agents[rows[i]!]!;
      if (a.pool.offers() && matchOffer(a, run)) return true;
    }
    return false;
  }

  /** Starts a round in which the queued apps `pending` (ascending) are shown offers. */
  startRound(pending: readonly number[]): void {
    this.#inQueue.fill(0);
    for (const k of pending) this.#inQueue[k] = 1;
    this.#everywhere = Int32Array.from(pending.filter((k) => this.#reach[k] === this.#all));
    this.#first = 0;
  }

  /** Starts walking the apps `agent`'s offer is shown to. */
  ask(agent: AgentRun): void {
    // The apps first in the queue are served first, so the done ones gather at the front.
    const everywhere = this.#everywhere;
    while (this.#first < everywhere.length && this.#queued[everywhere[this.#first]!]!.remaining === 0) {
      this.#first++;
    }
    this.#e = this.#first;
    this.#c = this.#starts[agent.index]!;
    this.#cEnd = this.#starts[agent.index + 1]!;
  }

  /** The next app in queue order that the current offer is shown to; undefined when none is left. */
  next(): AppRun | undefined {
    const everywhere = this.#everywhere;
    for (;;) {
      const a = this.#e < everywhere.length ? everywhere[this.#e]! : NONE;
      const b = this.#c < this.#cEnd ? this.#askable[this.#c]! : NONE;
      if (a === NONE && b === NONE) return undefined;
      let k: number;
      if (a < b) {
        k = a;
        this.#e++;
      } else {
        k = b;
        this.#c++;
      }
      const run = this.#queued[k]!;
      if (this.#inQueue[k] === 1 && run.remaining > 0) return run;
    }
  }
}

/**
 * The rows among `offerable` that agent-only verdicts `ok` accept (`offerable` itself when all): what
 * an app without reservations could ever take. A resident app could take any agent, since its
 * constraints depend on its mode at each agent.
 */
function reachable(ok: Uint8Array, offerable: Int32Array): Int32Array {
  let n = 0;
  for (let i = 0; i < offerable.length; i++) if (ok[offerable[i]!] === 2) n++;
  if (n === offerable.length) return offerable;
  const out = new Int32Array(n);
  n = 0;
  for (let i = 0; i < offerable.length; i++) if (ok[offerable[i]!] === 2) out[n++] = offerable[i]!;
  return out;
}
