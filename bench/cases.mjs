// The benchmark cases, as data: what each scenario measures, at which sizes, against which target.
// Runners in scenarios/ turn a case into measurements; nothing here runs anything.

const THREE = [
  ["hostname", "UNIQUE"],
  ["rack", "GROUP_BY", "3"],
  ["zone", "LIKE", "us-.*"],
];

/** The stuck-apps cluster: `explain` times it and `report` renders the same run, so they share it. */
const STUCK_CLUSTER = {
  agents: 5000,
  apps: 100,
  instancesEach: 500,
  stuck: 400,
  perRack: 50,
  extra: 10,
  smoke: { agents: 300, apps: 10, instancesEach: 20, stuck: 20, perRack: 3, extra: 2 },
};

export const CASES = [
  {
    name: "check",
    kind: "check",
    constraints: THREE,
    dialect: "marathon",
    racks: 100,
    limit: "uniqueGroupLike",
    limitArgs: [3, "us-.*"],
    placed: [10, 1000, 100000],
    headline: 1000,
    candidates: 1024,
    smoke: { placed: [10, 300], candidates: 64 },
    targets: { marathonAtLeast: 100, limitWithin: 3, growthWithin: 1.5 },
  },
  {
    name: "sweep",
    kind: "sweep",
    constraints: [
      ["hostname", "MAX_PER", "2"],
      ["rack", "MAX_PER", "150"],
      ["@zone", "GROUP_BY", "30"],
      ["@region", "LIKE", "us-.*"],
      ["disk", "UNLIKE", "hdd"],
    ],
    dialect: "marathon",
    agents: 10000,
    placed: 10000,
    // Marathon's check costs O(placed) per agent: it is timed on this many agents and scaled up.
    marathonSample: 100,
    smoke: { agents: 400, placed: 400, marathonSample: 400 },
    targets: { underNs: 2e6 },
  },
  {
    name: "simulation",
    kind: "simulation",
    dialect: "marathon",
    agents: 5000,
    regions: 3,
    zonesPerRegion: 10,
    racks: 100,
    apps: 100,
    instancesEach: 500,
    // How many apps (from the first) Marathon's loop places; fewer than `apps` means it is scaled up.
    marathonApps: 100,
    rounds: 3,
    smoke: { agents: 200, apps: 10, instancesEach: 20, marathonApps: 10 },
    targets: { underNs: 2e9, marathonAtLeast: 50 },
  },
  {
    name: "parse",
    kind: "parse",
    dialect: "marathon",
    texts: [
      { form: "JSON array", text: '[["hostname","UNIQUE"],["rack","GROUP_BY","3"],["zone","LIKE","us-.*"]]' },
      { form: "colon", text: "hostname:UNIQUE,rack:GROUP_BY:3,zone:LIKE:us-.*" },
    ],
    targets: { perSecondAtLeast: 200000 },
  },
  {
    name: "lint",
    kind: "lint",
    apps: 1000,
    smoke: { apps: 20 },
    targets: { underNs: 300e6 },
  },
  {
    name: "memory",
    kind: "memory",
    instances: 1000000,
    layouts: [
      {
        label: "1,000,000 instances on 10,000 agents",
        agents: 10000,
        constraints: [
          ["hostname", "MAX_PER", "100"],
          ["rack", "GROUP_BY", "3"],
          ["zone", "LIKE", "us-.*"],
        ],
      },
      {
        label: "1,000,000 instances on 1,000,000 agents",
        agents: 1000000,
        constraints: THREE,
        // Every agent distinct: what one distinct agent costs, at most 100 bytes.
        targetBytesPerAgent: 100,
      },
    ],
    smoke: { instances: 2000, agents: 200 },
    targets: { underBytes: 150e6 },
  },
  {
    name: "memory-apps",
    kind: "memory-apps",
    // Apps with the group file's constraint mixes (numbers and patterns varied), each with its
    // instances spread over the whole cluster: the matchers and placement states a scheduler keeps.
    apps: 5000,
    instancesEach: 4,
    agents: [10000, 50000],
    smoke: { apps: 40, agents: [300, 600] },
    targets: { bytesPerAppAtMost: 8000, growthAtMost: 1.5 },
  },
  {
    name: "why",
    kind: "why",
    agents: 1000,
    racks: 20,
    apps: 20,
    instancesEach: 50,
    smoke: { agents: 60, racks: 4, apps: 3, instancesEach: 10 },
    targets: { underNs: 10e9 },
  },
  {
    name: "regex",
    kind: "regex",
    valueLength: 255,
    // Each value is `head` followed by `fill` repeated up to the length: worst cases for the flagged ones.
    patterns: [
      { pattern: "us-.*", head: "us-", fill: "x", flagged: false },
      { pattern: "rack-[0-9]+", head: "rack-", fill: "7", flagged: false },
      { pattern: "[a-z0-9.-]+\\.example\\.com", head: "", fill: "a", flagged: false },
      { pattern: "(a+)+b", head: "", fill: "a", flagged: true },
      { pattern: "(.*)*x", head: "", fill: "a", flagged: true },
      { pattern: "(a|aa)+c", head: "", fill: "a", flagged: true },
      { pattern: "(\\w+\\s?)+!", head: "", fill: "a", flagged: true },
    ],
    // Each engine gets this long per pattern (in a worker thread that is stopped when it overruns).
    budgetMs: 3000,
    // Known ReDoS patterns (textbook shapes, OWASP's list, shapes from advisories), each on a value built to be
    // its worst case (`head`, then `fill` up to the length, then `tail`); the worst is compared with an ordinary
    // pattern on a value of the same length, in one interleaved run.
    redos: {
      valueLength: 1000,
      ordinary: { pattern: "us-.*", head: "us-", fill: "x", tail: "" },
      patterns: [
        { pattern: "(a+)+b", head: "", fill: "a", tail: "!" },
        { pattern: "(a|aa)+c", head: "", fill: "a", tail: "!" },
        { pattern: "(a|a?)+b", head: "", fill: "a", tail: "!" },
        { pattern: "(.*)*x", head: "", fill: "a", tail: "!" },
        { pattern: "(.*a){12}", head: "", fill: "a", tail: "!\n" },
        { pattern: "(\\w+\\s?)+!", head: "", fill: "a", tail: "#" },
        { pattern: "(?:a{1,3})+b", head: "", fill: "a", tail: "!" },
        { pattern: "(a{1,2}){1,}b", head: "", fill: "a", tail: "!" },
        { pattern: "([a-zA-Z]+)*[0-9]", head: "", fill: "a", tail: "!" },
        { pattern: "^(([a-z])+.)+[A-Z]([a-z])+$", head: "", fill: "aa", tail: "!" },
        {
          pattern:
            "^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$",
          head: "",
          fill: "a",
          tail: "!",
        },
        { pattern: ".*.*=.*x", head: "", fill: "=", tail: "\n" },
        { pattern: ".*a.*b", head: "", fill: "a", tail: "\n" },
        { pattern: "\\s*#?\\s*x", head: "", fill: " ", tail: "!" },
        { pattern: "^(\\d+)\\s*(?:\\.\\s*(\\d+))?\\s*(?:\\.\\s*(\\d+))?$", head: "", fill: "1", tail: "!" },
        { pattern: "(x+x+)+y", head: "", fill: "x", tail: "!" },
      ],
      budgetMs: 60000,
    },
    smoke: { valueLength: 16, budgetMs: 5000 },
    // "Microseconds at most": read as below 100 µs, i.e. never into milliseconds.
    targets: { underNs: 100000 },
  },
  {
    name: "explain",
    kind: "explain",
    ...STUCK_CLUSTER,
    rounds: 5,
    targets: { timesAllPlaceAtMost: 3, peakBytesAtMost: 1.2e9 },
  },
  {
    name: "report",
    kind: "report",
    ...STUCK_CLUSTER,
    rounds: 7,
    targets: { htmlBytesAtMost: 3e6, htmlOpenNsAtMost: 1e9 },
  },
  {
    name: "loading",
    kind: "loading",
    agents: 10000,
    apps: 24000,
    rounds: 5,
    smoke: { agents: 50, apps: 50 },
    targets: { timesJsonParseAtMost: 3, peakOverFileAtMost: 5 },
  },
  {
    name: "cli-startup",
    kind: "cli-startup",
    commands: [
      {
        label: "--version",
        args: ["--version"],
        expect: "^\\d+\\.\\d+\\.\\d+",
        within: 1.5,
        note: "loads the entry bundle only: no command module, no grammar",
      },
      {
        label: "parse",
        args: ["parse", "hostname:UNIQUE"],
        expect: "^valid",
        within: 3,
        note: "loads the parse command's bundle and builds the colon grammar only (JSON and regex grammars are built on first use)",
      },
    ],
    rounds: 31,
    budgetMs: 20000,
    smoke: {},
  },
  {
    name: "cli-eval",
    kind: "cli-eval",
    requests: 200000,
    agents: 1000,
    racks: 40,
    placedLists: 50,
    constraintSets: [
      { constraints: "hostname:UNIQUE" },
      { constraints: '[["hostname","UNIQUE"]]' },
      { constraints: '[["rack","GROUP_BY","3"]]' },
      { constraints: '[["hostname","MAX_PER","2"],["zone","LIKE","z[01]"]]' },
      { constraints: '[["disk","UNLIKE","hdd"],["rack","CLUSTER","r1"]]' },
      { dialect: "dcos-sdk", constraints: "hostname:UNIQUE,rack:MAX_PER:3" },
      { dialect: "dcos-sdk", constraints: "zone:GROUP_BY:3,disk:LIKE:ssd" },
      {
        dialect: "marathon-1.11",
        constraints: '[["zone","GROUP_BY"],["hostname","UNIQUE"],["rack","MAX_PER","5"]]',
      },
    ],
    rounds: 7,
    budgetMs: 60000,
    // Runs timed again for their CPU time (GNU time), which a loaded machine does not inflate.
    cpuRuns: 3,
    smoke: { requests: 400 },
    targets: { perSecondAtLeast: 100000 },
  },
  {
    name: "size",
    kind: "size",
    // Characters of distinct app-form constraints: 100 KB and 1 MB (under the 1 MiB text limit).
    sizes: [100000, 1000000],
    // A ratio of two medians on a shared machine: more rounds than the per-call cases need.
    rounds: 15,
    budgetMs: 120000,
    smoke: { sizes: [2000, 20000] },
    targets: { growthAtMost: 12 },
  },
];
