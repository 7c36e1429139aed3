// Child process for the memory scenario (run with --expose-gc): builds one placement state, either the
// library's or Marathon's instance list, and prints its retained heap as JSON. Nothing else.
import { loadLibrary } from "../lib.mjs";
import { launchedInstance, marathonChecker, runSpec } from "../marathon.mjs";
import { cluster } from "../workload.mjs";

function retained() {
  for (let i = 0; i < 3; i++) globalThis.gc();
  const m = process.memoryUsage();
  // Typed-array storage lives outside the JS heap once it passes a few dozen bytes.
  return m.heapUsed + m.arrayBuffers;
}

/** The agents to place on, and a few more (never placed) to ask about afterwards. */
function agentsAndProbes(count) {
  const all = cluster({ count: count + 8 });
  return { agents: all.slice(0, count), probes: all.slice(count) };
}

/** Builds the state; returns what must stay alive and how to ask it about an agent. */
function build(lib, engine, agents, instances, constraints, dialect, out) {
  const agentCount = agents.length;
  if (engine === "ours") {
    // The cluster's agent table, as simulate() builds it: agents are rows, checks go by row number.
    const table = new lib.AgentTable(agents);
    const matcher = lib.compile(constraints, { dialect, agents: table });
    for (let i = 0; i < agentCount; i++) matcher.acceptsRow(i);
    out.viewBytes = retained() - out.before;
    const state = matcher.createState({ instances });
    for (let i = 0; i < instances; i++) state.placeRow(i % agentCount);
    out.size = state.size;
    return (a) => matcher.accepts(a, state);
  }
  if (engine === "ours-objects") {
    // A matcher without a table, asked about agent objects (its private table holds them weakly).
    const matcher = lib.compile(constraints, { dialect });
    for (const a of agents) matcher.accepts(a);
    out.viewBytes = retained() - out.before;
    const state = matcher.createState({ instances });
    for (let i = 0; i < instances; i++) state.place(agents[i % agentCount]);
    out.size = state.size;
    return (a) => matcher.accepts(a, state);
  }
  const spec = runSpec("/bench/memory", constraints, instances);
  const known = new Array(instances);
  for (let i = 0; i < instances; i++) known[i] = launchedInstance(spec, agents[i % agentCount]);
  const marathon = marathonChecker(lib.renderScalarMarathon);
  out.size = known.length;
  return (a) => marathon.meetsAllConstraints(known, a, spec, dialect === "marathon");
}

// Everything runs inside functions: a temporary held by the module's top-level frame would stay
// reachable and distort the measurement.
async function main() {
  const { engine, agents: agentCount, instances, constraints, dialect } = JSON.parse(process.argv[2]);
  const lib = await loadLibrary();
  const { agents, probes } = agentsAndProbes(agentCount);
  const out = { engine, instances, before: retained() };
  const decide = build(lib, engine, agents, instances, constraints, dialect, out);
  out.bytes = retained() - out.before;
  out.verdicts = probes.map((a) => decide(a));
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
