import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  appLabelValue,
  isLabelKey,
  isLabelValue,
  isMetaKey,
  labelKey,
  labelPrefixProblem,
  labelValue,
  metaKey,
  metaPrefixProblem,
} from "../../src/convert/labels.js";

describe("label values", () => {
  it.each(["", "a", "rack-1", "10.0.1.10", "us-east-1a", "A_b.c-D", "x".repeat(63)])("keeps %j", (v) => {
    expect(isLabelValue(v)).toBe(true);
    expect(labelValue(v)).toEqual({ name: v, renamed: false });
  });

  it.each([
    ["[100-199]", "100-199-"],
    ["{a,b}", "a-b-"],
    ["x/y", "x-y-"],
    ["-lead", "lead-"],
    ["∞", ""],
    ["x".repeat(64), "x".repeat(52)],
  ])("renames %j to its readable part and a hash", (v, start) => {
    const named = labelValue(v);
    expect(named.renamed).toBe(true);
    expect(named.name.startsWith(start)).toBe(true);
    expect(isLabelValue(named.name)).toBe(true);
  });

  test.prop([fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 })])(
    "gives distinct values distinct, valid, stable labels",
    (a, b) => {
      const la = labelValue(a).name;
      expect(isLabelValue(la)).toBe(true);
      expect(labelValue(a).name).toBe(la);
      if (a !== b) expect(la).not.toBe(labelValue(b).name);
    },
  );
});

describe("label keys and meta keys", () => {
  it("keeps valid attribute names, with the prefix", () => {
    expect(labelKey("", "rack")).toEqual({ name: "rack", renamed: false });
    expect(labelKey("mesos.example.com/", "rack_id")).toEqual({
      name: "mesos.example.com/rack_id",
      renamed: false,
    });
    expect(metaKey("mesos_", "rack-id")).toEqual({ name: "mesos_rack-id", renamed: false });
  });

  it("renames names the target refuses into valid keys", () => {
    for (const name of ["a/b", "rack id", "@zone", "x".repeat(70), "é"]) {
      const k = labelKey("", name);
      expect(k.renamed, name).toBe(true);
      expect(isLabelKey(k.name), k.name).toBe(true);
      const m = metaKey("", name);
      // Nomad meta keys have no length limit.
      expect(m.renamed, name).toBe(name.length < 70);
      expect(isMetaKey(m.name), m.name).toBe(true);
    }
    expect(metaKey("", "a.b").name).toMatch(/^a_b_[0-9a-f]{10}$/);
    expect(metaKey("", "1rack").name).toMatch(/^a_1rack_[0-9a-f]{10}$/);
  });

  it("checks prefixes", () => {
    expect(labelPrefixProblem("mesos.example.com/")).toBeUndefined();
    expect(labelPrefixProblem("mesos-")).toBeUndefined();
    expect(labelPrefixProblem("Mesos.Example/")).toMatch(/cannot start a Kubernetes label key/);
    expect(labelPrefixProblem("a/b/")).toMatch(/cannot start/);
    expect(metaPrefixProblem("mesos_")).toBeUndefined();
    expect(metaPrefixProblem("mesos.")).toMatch(/cannot start a Nomad meta key/);
  });
});

describe("app label values", () => {
  it("uses the id without its slash when valid, else a readable part and a hash of the whole id", () => {
    expect(appLabelValue("/web")).toBe("web");
    expect(appLabelValue("/shop/api")).toMatch(/^shop-api-[0-9a-f]{10}$/);
    expect(appLabelValue("kubernetes/etcd")).not.toBe(appLabelValue("/kubernetes/etcd"));
    expect(isLabelValue(appLabelValue(`/${"a".repeat(100)}`))).toBe(true);
  });
});
