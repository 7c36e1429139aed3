// Marathon's offer-matching switches (its command-line flags) as a typed options object, their
// defaults, and reading them from a `/v2/info` response. Plain data; no I/O.
import { isObject } from "../../agents/report.js";

/** `--gpu_scheduling_behavior`: whether apps without GPUs may use offers that carry GPUs. */
export type GpuSchedulingBehavior = "restricted" | "unrestricted";

export const GPU_SCHEDULING_BEHAVIORS: readonly GpuSchedulingBehavior[] = ["restricted", "unrestricted"];

/** The Marathon flags that decide offer matching beyond constraints and resource sums. */
export interface MarathonConfig {
  /** `--gpu_scheduling_behavior` (default `restricted`); the app label `GPU_SCHEDULING_BEHAVIOR` overrides it. */
  readonly gpuSchedulingBehavior: GpuSchedulingBehavior;
  /** `--maintenance_mode` / `--disable_maintenance_mode` (default on): decline offers inside maintenance windows. */
  readonly maintenanceMode: boolean;
  /** `--draining_seconds` (default 0): also decline this long before a window starts. */
  readonly drainingSeconds: number;
  /** `--max_instances_per_offer` (default 5): instances launched from one offer, across apps. */
  readonly maxInstancesPerOffer: number;
  /**
   * `--enable_features gpu_resources`: without it Marathon does not tell Mesos it can use GPUs, and Mesos
   * offers it no agent that has any. Default true, as DC/OS runs Marathon.
   */
  readonly gpuResources: boolean;
}

export const MARATHON_DEFAULTS: MarathonConfig = {
  gpuSchedulingBehavior: "restricted",
  maintenanceMode: true,
  drainingSeconds: 0,
  maxInstancesPerOffer: 5,
  gpuResources: true,
};

/** Defaults filled in; values out of range are replaced by the default (a library never throws here). */
export function resolveMarathonConfig(partial: Partial<MarathonConfig> = {}): MarathonConfig {
  const pick = <K extends keyof MarathonConfig>(key: K, ok: (v: MarathonConfig[K]) => boolean) => {
    const v = partial[key];
    return v !== undefined && ok(v as MarathonConfig[K]) ? (v as MarathonConfig[K]) : MARATHON_DEFAULTS[key];
  };
  return {
    gpuSchedulingBehavior: pick("gpuSchedulingBehavior", (v) => GPU_SCHEDULING_BEHAVIORS.includes(v)),
    maintenanceMode: pick("maintenanceMode", (v) => typeof v === "boolean"),
    drainingSeconds: pick("drainingSeconds", (v) => Number.isFinite(v) && v >= 0),
    maxInstancesPerOffer: pick("maxInstancesPerOffer", (v) => Number.isInteger(v) && v >= 1),
    gpuResources: pick("gpuResources", (v) => typeof v === "boolean"),
  };
}

export interface MarathonInfoConfig {
  /** The switches `/v2/info` reveals; the others keep their defaults. */
  readonly config: Partial<MarathonConfig>;
  /** What could not be read, and which switches `/v2/info` does not show. */
  readonly notes: readonly string[];
}

/**
 * Reads the switches Marathon's `/v2/info` shows in `marathon_config`: `max_instances_per_offer`,
 * `maintenance_mode` and `features` (for `gpu_resources`). `/v2/info` does not show
 * `gpu_scheduling_behavior` or `draining_seconds`; the notes say so.
 * @example marathonConfigFromInfo({ marathon_config: { max_instances_per_offer: 10 } }).config // { maxInstancesPerOffer: 10 }
 */
export function marathonConfigFromInfo(info: unknown): MarathonInfoConfig {
  const notes: string[] = [];
  const mc = isObject(info) && isObject(info.marathon_config) ? info.marathon_config : undefined;
  if (mc === undefined) {
    return { config: {}, notes: ["not a Marathon /v2/info response (no marathon_config): defaults used"] };
  }
  const config: { -readonly [K in keyof MarathonConfig]?: MarathonConfig[K] } = {};
  const max = mc.max_instances_per_offer;
  if (typeof max === "number" && Number.isInteger(max) && max >= 1) config.maxInstancesPerOffer = max;
  else if (max !== undefined && max !== null)
    notes.push(`max_instances_per_offer ${JSON.stringify(max)} is not a positive integer: default 5 used`);
  if (typeof mc.maintenance_mode === "boolean") config.maintenanceMode = mc.maintenance_mode;
  if (Array.isArray(mc.features)) config.gpuResources = mc.features.includes("gpu_resources");
  notes.push(
    "/v2/info does not show --gpu_scheduling_behavior or --draining_seconds: give them if Marathon runs with other values than restricted and 0",
  );
  return { config, notes };
}
