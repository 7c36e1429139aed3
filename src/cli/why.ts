// `marathon-constraints why`: reads Marathon's queue, apps and pods and the Mesos master state (over
// HTTP(S) through cluster/, or from saved files), explains every waiting deployment, prints or writes it.
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { HttpError } from "../cluster/http.js";
import { clusterUrls, fetchSnapshot } from "../cluster/live.js";
import { loadClusterSnapshot, type NamedText, type SnapshotInput } from "../cluster/snapshot.js";
import { formatDiagnostics } from "../code-frame.js";
import { hasErrors } from "../diagnostics.js";
import { renderWhyHtml } from "../why/report-html.js";
import { renderWhyJson } from "../why/report-json.js";
import { renderWhyText } from "../why/report-text.js";
import { why } from "../why/why.js";
import { choice, dialectOption, parseCliArgs, useColor } from "./args.js";
import { HTTP_HELP, HTTP_OPTIONS, httpClient, marathonCredentials } from "./http-options.js";
import { readInput } from "./input.js";
import { type CliIO, type Command, UsageError } from "./io.js";
import { writeFileSafely } from "./write-file.js";

const HELP = `Usage: marathon-constraints why [APP_ID...] (--marathon URL --mesos URL | --dcos URL) [options]
       marathon-constraints why [APP_ID...] --queue FILE --apps FILE [--pods FILE] --state FILE [options]

Explains every deployment waiting in Marathon's queue (only the APP_IDs given, if any):
how many instances wait and for how long, launch back-off, Marathon's own offer
decline counts beside a simulation of the next offer round on the current state,
a one-line verdict, and what would change the outcome (each change measured by
re-running the simulation).

Reads (live):
  GET <marathon>/v2/queue?embed=lastUnusedOffers, /v2/apps?embed=apps.tasks,
  /v2/pods/::status, and the leading Mesos master's /master/state (found with
  <mesos>/master/redirect). --dcos URL: Marathon under /service/marathon/,
  Mesos under /mesos/.
Reads (saved): the same responses saved as files; both forms give the same answer.

Options:
  --marathon URL        Marathon's base URL (http:// or https://)
  --mesos URL           a Mesos master's base URL
  --dcos URL            a DC/OS cluster's URL (instead of --marathon and --mesos)
  --queue FILE          a saved /v2/queue?embed=lastUnusedOffers response
  --apps FILE           a saved /v2/apps?embed=apps.tasks (or /v2/groups) response
  --pods FILE           a saved /v2/pods/::status response (optional)
  --state FILE          a saved /master/state response
  --info FILE           a saved /v2/info response (optional: Marathon's switches)
  --maintenance FILE    a saved Mesos /maintenance/schedule or /maintenance/status
                        response (optional, repeatable)
${HTTP_HELP}  --now TIME            measure waiting times up to TIME (ISO 8601) instead of the
                        queue response's Date header (live) or the clock (saved)
  --format F            text (default), json (marathon-constraints/why@1), html
  --out FILE            write the report here (atomically) instead of stdout
  --save DIR            live form: also save the responses read in DIR (queue.json,
                        apps.json, pods.json, state.json, info.json,
                        maintenance-schedule.json, maintenance-status.json)
  --verbose             every agent's reasons and funnel row; log each request (stderr)
  --dialect D           dialect for Marathon apps and pods: marathon (default, 1.10),
                        marathon-1.11
  -h, --help            show this help

Credentials: user:password in a URL, or $MARATHON_USERNAME and $MARATHON_PASSWORD
for Marathon, are sent as Basic auth. No credential ever appears in output.
Exit codes: 0 nothing waits, 1 something waits, 2 usage, unreadable input or an
HTTP error (the message says what to do).
`;

const FORMATS = ["text", "json", "html"] as const;

async function readNamed(io: CliIO, spec: string, what: string): Promise<NamedText> {
  const { text, name } = await readInput(spec, io, what);
  return { name, text };
}

function httpFailure(io: CliIO, error: HttpError): number {
  io.stderr(`marathon-constraints why: ${error.message}\n`);
  return 2;
}

/** `marathon-constraints why [APP_ID...] (--marathon URL --mesos URL | --dcos URL | --queue ... --state ...)`. */
export const whyCommand: Command = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, {
    marathon: { type: "string" },
    mesos: { type: "string" },
    dcos: { type: "string" },
    queue: { type: "string" },
    apps: { type: "string" },
    pods: { type: "string" },
    state: { type: "string" },
    info: { type: "string" },
    maintenance: { type: "string", multiple: true },
    ...HTTP_OPTIONS,
    now: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    save: { type: "string" },
    verbose: { type: "boolean" },
    dialect: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const format = choice("format", values.format, FORMATS, "text");
  const dialect = dialectOption(values.dialect) ?? "marathon";
  let now: number | undefined;
  if (values.now !== undefined) {
    now = Date.parse(values.now);
    if (!Number.isFinite(now))
      throw new UsageError(`--now must be a time like 2026-11-26T05:30:00Z, not "${values.now}"`);
  }
  const saved = [values.queue, values.apps, values.pods, values.state, values.info, values.maintenance].some(
    (v) => v !== undefined,
  );
  const live = [values.marathon, values.mesos, values.dcos].some((v) => v !== undefined);
  if (saved && live)
    throw new UsageError(
      "give either cluster URLs (--marathon/--mesos or --dcos) or saved files (--queue/--apps/--state), not both",
    );

  let input: SnapshotInput;
  let clock: number | undefined;
  if (saved) {
    if (values.queue === undefined || values.apps === undefined || values.state === undefined)
      throw new UsageError(
        "the saved form needs --queue FILE, --apps FILE and --state FILE (and --pods FILE if the cluster has pods)",
      );
    input = {
      queue: await readNamed(io, values.queue, "queue"),
      apps: await readNamed(io, values.apps, "apps"),
      ...(values.pods === undefined ? {} : { pods: await readNamed(io, values.pods, "pods") }),
      state: await readNamed(io, values.state, "Mesos state"),
      ...(values.info === undefined ? {} : { info: await readNamed(io, values.info, "Marathon info") }),
      ...(values.maintenance === undefined
        ? {}
        : {
            maintenance: await Promise.all(
              values.maintenance.map((f) => readNamed(io, f, "maintenance response")),
            ),
          }),
    };
  } else {
    const urls = clusterUrls({ marathon: values.marathon, mesos: values.mesos, dcos: values.dcos });
    if (urls === undefined)
      throw new UsageError(
        "give --marathon URL and --mesos URL, or --dcos URL, or saved responses with --queue, --apps and --state",
      );
    const client = await httpClient(io, values);
    const basic = marathonCredentials(io);
    try {
      const r = await fetchSnapshot(client, urls, basic === undefined ? {} : { marathonBasic: basic });
      if (!r.ok) return httpFailure(io, r.error);
      input = r.value;
      if (values.save !== undefined) {
        const dir = resolve(io.cwd, values.save);
        await mkdir(dir, { recursive: true }).catch(() => undefined);
        const files: [string, NamedText | undefined][] = [
          ["queue.json", r.value.queue],
          ["apps.json", r.value.apps],
          ["pods.json", r.value.pods ?? { name: "", text: "[]" }],
          ["state.json", r.value.state],
          ["info.json", r.value.info],
          ["maintenance-schedule.json", r.value.maintenance?.find((x) => x.name.endsWith("/schedule"))],
          ["maintenance-status.json", r.value.maintenance?.find((x) => x.name.endsWith("/status"))],
        ];
        for (const [file, part] of files)
          if (part !== undefined) await writeFileSafely(join(dir, file), part.text);
      }
      if (r.value.date !== undefined) {
        const d = Date.parse(r.value.date);
        if (Number.isFinite(d)) clock = d;
      }
    } finally {
      await client.close();
    }
  }

  const snapshot = loadClusterSnapshot(input, { dialect });
  let bad = false;
  for (const p of snapshot.problems) {
    // A frame of the first line only: a problem with a whole response would otherwise print all of it.
    const shown = p.diagnostics.map((d) => {
      const nl = p.text.indexOf("\n", d.span.start);
      return nl < 0 || nl >= d.span.end
        ? d
        : { ...d, span: { start: d.span.start, end: Math.max(d.span.start + 1, nl) } };
    });
    io.stderr(`${formatDiagnostics(p.text, shown, { fileName: p.name, color: useColor(io) })}\n\n`);
    bad = bad || hasErrors(p.diagnostics);
  }
  if (bad) return 2;
  if (snapshot.agents.length === 0) {
    io.stderr(`marathon-constraints why: the Mesos state (${input.state.name}) lists no agents\n`);
    return 2;
  }
  const report = why({ snapshot, appIds: positionals, now: now ?? clock ?? Date.now() });
  const output =
    format === "json"
      ? renderWhyJson(report, { verbose: values.verbose === true })
      : format === "html"
        ? renderWhyHtml(report)
        : renderWhyText(report, { verbose: values.verbose === true });
  if (values.out !== undefined)
    await writeFileSafely(resolve(io.cwd, values.out), output, { name: values.out });
  else io.stdout(output);
  return report.waiting.length > 0 ? 1 : 0;
};
