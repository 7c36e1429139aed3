// Reads a cluster snapshot over HTTP: Marathon's queue, apps and pods, and the leading Mesos master's
// state (found through /master/redirect), with the same client for all. Never throws.
import type { BasicCredentials, HttpClient, HttpResult } from "./http.js";
import type { SnapshotInput } from "./snapshot.js";

/** Where Marathon and the Mesos master answer. */
export interface ClusterUrls {
  readonly marathon: string;
  readonly mesos: string;
  /** Ask `/master/redirect` for the leader first (a bare Mesos master URL; not behind DC/OS's Admin Router). */
  readonly findLeader: boolean;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/**
 * Marathon and Mesos URLs from `--marathon`/`--mesos` or one `--dcos` URL (Marathon under
 * `/service/marathon/`, Mesos under `/mesos/`, both through Admin Router). Undefined when neither
 * form is complete.
 */
export function clusterUrls(options: {
  readonly marathon?: string | undefined;
  readonly mesos?: string | undefined;
  readonly dcos?: string | undefined;
}): ClusterUrls | undefined {
  if (options.dcos !== undefined) {
    const base = trimSlash(options.dcos);
    return {
      marathon: options.marathon ?? `${base}/service/marathon`,
      mesos: options.mesos ?? `${base}/mesos`,
      findLeader: options.mesos !== undefined,
    };
  }
  if (options.marathon === undefined || options.mesos === undefined) return undefined;
  return { marathon: options.marathon, mesos: options.mesos, findLeader: true };
}

export interface LiveSnapshot extends SnapshotInput {
  /** The queue response's Date header: the cluster's own "now". */
  readonly date?: string;
}

/**
 * GETs `/v2/queue?embed=lastUnusedOffers`, `/v2/apps?embed=apps.tasks`, `/v2/pods/::status` (a 404 there
 * means a Marathon without pods) and `/v2/info`, and from the leading Mesos master `/master/state` and
 * its maintenance schedule and status, all at once. `/v2/info` and maintenance are optional: when they
 * cannot be read, a note says so and the defaults apply.
 */
export async function fetchSnapshot(
  client: HttpClient,
  urls: ClusterUrls,
  options: { readonly marathonBasic?: BasicCredentials } = {},
): Promise<HttpResult<LiveSnapshot>> {
  const marathon = trimSlash(urls.marathon);
  const basic = options.marathonBasic === undefined ? {} : { basic: options.marathonBasic };
  const m = { service: "Marathon", expectJson: true, ...basic };
  const mesos = async () => {
    const base = await leaderBase(client, urls);
    if (!base.ok) return [base, base, base] as const;
    const s = { service: "Mesos master", expectJson: true };
    return Promise.all([
      client.getText(`${base.value}/master/state`, { ...s, what: "the Mesos master state" }),
      client.getText(`${base.value}/master/maintenance/schedule`, {
        ...s,
        what: "the Mesos maintenance schedule",
      }),
      client.getText(`${base.value}/master/maintenance/status`, {
        ...s,
        what: "the Mesos maintenance status",
      }),
    ]);
  };
  const [queue, apps, pods, info, [state, schedule, status]] = await Promise.all([
    client.getText(`${marathon}/v2/queue?embed=lastUnusedOffers`, { ...m, what: "Marathon's queue" }),
    client.getText(`${marathon}/v2/apps?embed=apps.tasks`, { ...m, what: "Marathon's apps" }),
    client.getText(`${marathon}/v2/pods/::status`, { ...m, what: "Marathon's pods" }),
    client.getText(`${marathon}/v2/info`, { ...m, what: "Marathon's /v2/info" }),
    mesos(),
  ]);
  if (!queue.ok) return queue;
  if (!apps.ok) return apps;
  if (!state.ok) return state;
  if (!pods.ok && pods.error.code !== "http_not_found") return pods;
  const notes: string[] = [];
  const optional = (r: typeof info, instead: string) => {
    if (r.ok) return [{ name: r.value.url, text: r.value.text }];
    notes.push(
      `${r.error.message.replace(/:.*$/, "")} could not be read (${r.error.status === undefined ? r.error.code : `HTTP ${r.error.status}`}): ${instead}`,
    );
    return [];
  };
  const infoText = optional(info, "Marathon's default switches were used");
  const maintenance = [
    ...optional(schedule, "no maintenance windows were applied"),
    ...optional(status, "no machine counts as DOWN"),
  ];
  const date = queue.value.date;
  return {
    ok: true,
    value: {
      queue: { name: queue.value.url, text: queue.value.text },
      apps: { name: apps.value.url, text: apps.value.text },
      ...(pods.ok ? { pods: { name: pods.value.url, text: pods.value.text } } : {}),
      state: { name: state.value.url, text: state.value.text },
      ...(infoText.length === 0 ? {} : { info: infoText[0]! }),
      ...(maintenance.length === 0 ? {} : { maintenance }),
      ...(notes.length === 0 ? {} : { notes }),
      ...(date === undefined ? {} : { date }),
    },
  };
}

/** The leader's base URL: a bare master is asked `/master/redirect` first (a 307 to `//host:port`). */
async function leaderBase(client: HttpClient, urls: ClusterUrls): Promise<HttpResult<string>> {
  let base = trimSlash(urls.mesos);
  if (urls.findLeader) {
    const r = await client.getText(`${base}/master/redirect`, {
      manualRedirect: true,
      service: "Mesos master",
      what: "the Mesos leader",
    });
    if (r.ok && r.value.status >= 300 && r.value.status < 400) {
      try {
        const leader = new URL(r.value.text, `${base}/master/redirect`);
        // The Location names the leader's base URL; the master state lives under it.
        base = trimSlash(`${leader.origin}${leader.pathname.replace(/\/master\/redirect$|\/redirect$/, "")}`);
        // Keep user:password from the given URL; the leader belongs to the same cluster.
        const given = new URL(urls.mesos);
        if (given.username !== "") base = base.replace("://", `://${given.username}:${given.password}@`);
      } catch {
        // An unreadable Location: ask the master we were given.
      }
    } else if (!r.ok && r.error.code !== "http_not_found") {
      return r;
    }
  }
  return { ok: true, value: base };
}
