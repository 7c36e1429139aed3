// Rendering a conversion stays total on large input: every constraint gets its comment line.
import { describe, expect, it } from "vitest";
import { renderConvertYaml } from "../../src/convert/report.js";
import {
  CONVERT_JSON_FORMAT,
  type ConstraintConversion,
  type ConvertResult,
} from "../../src/convert/types.js";

describe("renderConvertYaml", () => {
  it("aligns the comments of an app with 200,000 constraints without spreading them as arguments", () => {
    const constraints: ConstraintConversion[] = Array.from({ length: 200_000 }, (_, i) => ({
      constraint: [`f${i}`, "UNIQUE"],
      fidelity: i === 7 ? "approximate" : "exact",
      reason: "r",
    }));
    const result: ConvertResult = {
      format: CONVERT_JSON_FORMAT,
      target: "kubernetes",
      apps: [{ id: "/big", dialect: "marathon", constraints }],
      nodeLabels: [],
      diagnostics: [],
    };
    const yaml = renderConvertYaml(result);
    expect(yaml).toContain("#   exact        f0:UNIQUE: r\n");
    expect(yaml).toContain("#   approximate  f7:UNIQUE: r\n");
  });
});
