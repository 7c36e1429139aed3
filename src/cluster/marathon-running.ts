// Running instances as Marathon reports them: tasks embedded in `/v2/apps?embed=apps.tasks` (or
// `/v2/groups` with embeds) and pod instances in `/v2/pods/::status`. Parsed JSON in; never throws.
import type { RunningPlacement } from "../simulate/types.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function absolute(id: string, parent: string): string {
  if (id.startsWith("/")) return id;
  return `${parent.endsWith("/") ? parent : `${parent}/`}${id}`;
}

export interface MarathonRunning {
  readonly placements: readonly RunningPlacement[];
  /**
   * Per app: running tasks of a configuration older than the app's last config change. Marathon leaves
   * them out of constraint checks while it replaces them; their resources stay in use.
   */
  readonly olderConfig: ReadonlyMap<string, number>;
}

const TERMINAL = new Set([
  "TASK_FINISHED",
  "TASK_FAILED",
  "TASK_KILLED",
  "TASK_LOST",
  "TASK_ERROR",
  "TASK_DROPPED",
  "TASK_GONE",
  "TASK_GONE_BY_OPERATOR",
]);

/**
 * Running tasks and pod instances from Marathon responses, each counted towards its app's constraints
 * unless it runs an older configuration. `consumes` is false: the Mesos state already charges them.
 */
export function marathonRunning(values: readonly unknown[]): MarathonRunning {
  const placements: RunningPlacement[] = [];
  const olderConfig = new Map<string, number>();
  const walk = (value: unknown, parent: string, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, parent, depth + 1);
      return;
    }
    if (!isObject(value)) return;
    const id = text(value.id) === undefined ? parent : absolute(value.id as string, parent);
    if (Array.isArray(value.tasks)) {
      const info = isObject(value.versionInfo) ? value.versionInfo : undefined;
      const changed = Date.parse(text(info?.lastConfigChangeAt) ?? "");
      for (const t of value.tasks) {
        if (!isObject(t)) continue;
        if (typeof t.state === "string" && TERMINAL.has(t.state)) continue;
        const host = text(t.host);
        const agentId = text(t.slaveId) ?? text(t.agentId);
        if (host === undefined && agentId === undefined) continue;
        const appId = text(t.appId) ?? id;
        const version = Date.parse(text(t.version) ?? "");
        if (Number.isFinite(changed) && Number.isFinite(version) && version < changed) {
          olderConfig.set(appId, (olderConfig.get(appId) ?? 0) + 1);
          continue;
        }
        const taskId = text(t.id);
        placements.push({
          appId,
          ...(host === undefined ? {} : { hostname: host }),
          ...(agentId === undefined ? {} : { agentId }),
          ...(taskId === undefined ? {} : { taskId }),
          consumes: false,
        });
      }
    }
    if (Array.isArray(value.instances)) {
      for (const inst of value.instances) {
        if (!isObject(inst)) continue;
        const host = text(inst.agentHostname);
        const agentId = text(inst.agentId);
        if (host === undefined && agentId === undefined) continue;
        const instId = text(inst.id);
        placements.push({
          appId: id,
          ...(host === undefined ? {} : { hostname: host }),
          ...(agentId === undefined ? {} : { agentId }),
          ...(instId === undefined ? {} : { taskId: instId }),
          consumes: false,
        });
      }
    }
    for (const key of ["apps", "pods", "groups"])
      if (Array.isArray(value[key])) walk(value[key], id, depth + 1);
  };
  for (const v of values) walk(v, "/", 0);
  return { placements, olderConfig };
}
