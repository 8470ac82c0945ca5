import { describe, expect, it } from "vitest";
import { parseLosslessJson } from "./lossless-json";

describe("parseLosslessJson", () => {
  it("keeps integers above 2^53 exact, as strings, wherever they sit", () => {
    const text = `{"id":7400000037028123456,"line_items":[{"id": 9007199254740993}],"ids":[ -12345678901234567890, 5],"n":42}`;
    expect(parseLosslessJson(text)).toEqual({
      id: "7400000037028123456",
      line_items: [{ id: "9007199254740993" }],
      ids: ["-12345678901234567890", 5],
      n: 42,
    });
  });

  it("leaves safe integers, decimals and exponents as numbers", () => {
    const text = `{"a":9007199254740991,"b":1234567890123456.5,"c":1e21,"d":"12345678901234567890","e":0.1}`;
    expect(parseLosslessJson(text)).toEqual({
      a: 9007199254740991,
      b: 1234567890123456.5,
      c: 1e21,
      d: "12345678901234567890",
      e: 0.1,
    });
  });

  it("gives what JSON.parse gives when no long number is present, long digits inside strings included", () => {
    const texts = [
      `{"admin_graphql_api_id":"gid://shopify/Order/7400000037028123456","note":"ref: 12345678901234567"}`,
      `[1, 2.5, "x", null, true, {"nested": {"id": 450789469}}]`,
      `"just a string"`,
    ];
    for (const text of texts) expect(parseLosslessJson(text)).toEqual(JSON.parse(text));
  });

  it("rejects what is not JSON", () => {
    expect(() => parseLosslessJson("{not json")).toThrow(SyntaxError);
    expect(() => parseLosslessJson(`{"id": 12345678901234567890`)).toThrow(SyntaxError);
  });
});
