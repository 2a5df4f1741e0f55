import { describe, expect, it } from "vitest";
import { buildProgram } from "../../../src/cli/program.js";

describe("cpwoo orders drift / refunds", () => {
  it("join the existing orders command group", () => {
    const program = buildProgram();
    const orders = program.commands.filter((c) => c.name() === "orders");
    expect(orders).toHaveLength(1);
    const names = orders[0]?.commands.map((c) => c.name()) ?? [];
    expect(names).toEqual(expect.arrayContaining(["sync", "rollback", "drift", "refunds"]));
    const drift = orders[0]?.commands.find((c) => c.name() === "drift");
    expect(drift?.options.map((o) => o.long)).toEqual(expect.arrayContaining(["--json"]));
  });
});
