// Shared by the simulation and scale runners and the scale child process: bench apps as simulate()
// workload apps.

/**
 * @param {Record<string, any>} lib the built library
 * @param {readonly { id: string, instances: number, cpus: number, mem: number, constraints: any[] }[]} list
 * @param {string} [dialect]
 */
export function workloadApps(lib, list, dialect = "marathon") {
  return list.map((app) => {
    const parsed = lib.safeParse(JSON.stringify(app.constraints), { dialect });
    if (!parsed.ok) throw new Error(`bench constraints do not parse: ${JSON.stringify(app.constraints)}`);
    return {
      id: app.id,
      kind: "app",
      instances: app.instances,
      resources: { cpus: app.cpus, mem: app.mem, disk: 0, gpus: 0, ports: 0 },
      fixedPorts: [],
      constraints: parsed.constraints,
      packageRules: [],
      dialect,
      acceptedRoles: ["*"],
    };
  });
}
