import { describe, expect, it } from "vitest";
import type { ByteRange } from "../../src/diff/plan.js";
import { RangeCapture } from "../../src/diff/range-capture.js";
import type { ByteSourceSpec } from "../../src/io/byte-source.js";

const fileA: ByteSourceSpec = { kind: "file", path: "/a.safetensors", name: "a", size: 1000 };
const fileB: ByteSourceSpec = { kind: "file", path: "/b.safetensors", name: "b", size: 1000 };

/** Returns the file's bytes in [offset, offset + length), where byte i of a file is i mod 251. */
function fileBytes(offset: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (offset + i) % 251);
}

function range(source: ByteSourceSpec, offset: number, length: number): ByteRange {
  return { source, offset, length };
}

/** Delivers the pieces of `capture` within `read`, with the file's bytes. */
function deliverRead(capture: RangeCapture, read: ByteRange): void {
  for (const piece of capture.piecesWithin(read)) {
    capture.deliver(piece, fileBytes(piece.offset, piece.length));
  }
}

describe("RangeCapture", () => {
  it("finds the requested parts of a read", () => {
    const capture = new RangeCapture();
    capture.request("m", [range(fileA, 100, 50), range(fileA, 300, 10), range(fileB, 100, 50)]);
    expect(capture.piecesWithin(range(fileA, 120, 200))).toEqual([
      range(fileA, 120, 30),
      range(fileA, 300, 10),
    ]);
    expect(capture.piecesWithin(range(fileA, 150, 150))).toEqual([]);
    expect(capture.piecesWithin(range(fileB, 0, 1000))).toEqual([range(fileB, 100, 50)]);
  });

  it("finds a long range that starts earlier", () => {
    const capture = new RangeCapture();
    capture.request("x", [range(fileA, 0, 1000)]);
    capture.request("y", [range(fileA, 500, 10), range(fileA, 700, 10)]);
    expect(capture.piecesWithin(range(fileA, 600, 50))).toEqual([range(fileA, 600, 50)]);
    expect(capture.piecesWithin(range(fileA, 505, 200))).toEqual([
      range(fileA, 505, 200),
      range(fileA, 505, 5),
      range(fileA, 700, 5),
    ]);
  });

  it("assembles a range from pieces of several reads", () => {
    const capture = new RangeCapture();
    capture.request("m", [range(fileA, 100, 50)]);
    deliverRead(capture, range(fileA, 0, 120));
    expect(capture.heldBytes).toBe(50);
    deliverRead(capture, range(fileA, 120, 20));
    deliverRead(capture, range(fileA, 140, 500));
    expect(capture.take(fileA, 100, 50)).toEqual(fileBytes(100, 50));
    expect(capture.size).toBe(0);
    expect(capture.heldBytes).toBe(0);
  });

  it("counts a piece delivered twice once", () => {
    // Base and head read from one file deliver the same piece twice.
    const capture = new RangeCapture();
    capture.request("m", [range(fileA, 100, 50)]);
    deliverRead(capture, range(fileA, 0, 130));
    deliverRead(capture, range(fileA, 0, 130));
    expect(capture.take(fileA, 100, 50)).toBeUndefined();
  });

  it("forgets a partly delivered range when taken", () => {
    const capture = new RangeCapture();
    capture.request("m", [range(fileA, 100, 50)]);
    deliverRead(capture, range(fileA, 0, 120));
    expect(capture.take(fileA, 100, 50)).toBeUndefined();
    expect(capture.size).toBe(0);
    expect(capture.heldBytes).toBe(0);
    // A piece arriving later is dropped.
    deliverRead(capture, range(fileA, 120, 100));
    expect(capture.heldBytes).toBe(0);
  });

  it("serves only the exact range wanted", () => {
    const capture = new RangeCapture();
    capture.request("m", [range(fileA, 100, 50)]);
    deliverRead(capture, range(fileA, 0, 1000));
    expect(capture.take(fileA, 100, 49)).toBeUndefined();
    expect(capture.take(fileB, 100, 50)).toBeUndefined();
    expect(capture.take(fileA, 100, 50)).toEqual(fileBytes(100, 50));
    expect(capture.take(fileA, 100, 50)).toBeUndefined();
  });

  it("keeps a range until its last owner releases it", () => {
    const capture = new RangeCapture();
    capture.request("x", [range(fileA, 100, 50), range(fileA, 200, 10)]);
    capture.request("y", [range(fileA, 100, 50)]);
    deliverRead(capture, range(fileA, 0, 1000));
    expect(capture.heldBytes).toBe(60);
    capture.release("x");
    expect(capture.has("x")).toBe(false);
    expect(capture.heldBytes).toBe(50);
    capture.release("y");
    expect(capture.heldBytes).toBe(0);
    expect(capture.size).toBe(0);
  });

  it("drops the bytes of a released range", () => {
    const capture = new RangeCapture();
    capture.request("m", [range(fileA, 100, 50)]);
    capture.release("m");
    deliverRead(capture, range(fileA, 0, 1000));
    expect(capture.heldBytes).toBe(0);
    expect(capture.take(fileA, 100, 50)).toBeUndefined();
  });

  it("leaves out empty and fractional ranges", () => {
    const capture = new RangeCapture();
    capture.request("m", [range(fileA, 100, 0), range(fileA, 10.5, 4), range(fileA, 20, 2.5)]);
    expect(capture.size).toBe(0);
    expect(capture.has("m")).toBe(false);
  });
});
