import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { fileKindError, sniffFileKind } from "../../src/format/file-kind.js";

const ascii = (text: string) => new TextEncoder().encode(text);

const LFS_POINTER = ascii(
  `version https://git-lfs.github.com/spec/v1\noid sha256:${"ab".repeat(32)}\nsize 123456\n`,
);
// Local file header of a zip archive: signature, version 20, flags 0x0808.
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x08, 0x00, 0x00]);
// Protocol 2 pickle as written by the legacy torch.save: PROTO 2, then LONG1 of the magic number.
const PICKLE = new Uint8Array([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20]);
// GGUF magic, version 3, then a tensor count.
const GGUF = new Uint8Array([0x47, 0x47, 0x55, 0x46, 0x03, 0x00, 0x00, 0x00, 0x07, 0x00]);

describe("sniffFileKind", () => {
  it("recognizes each kind", () => {
    expect(sniffFileKind(LFS_POINTER)).toBe("git-lfs-pointer");
    expect(sniffFileKind(ZIP)).toBe("zip");
    expect(sniffFileKind(PICKLE)).toBe("pickle");
    expect(sniffFileKind(GGUF)).toBe("gguf");
  });

  it("returns unknown otherwise", () => {
    expect(sniffFileKind(new Uint8Array([0x40, 0x01, 0, 0, 0, 0, 0, 0, 0x7b]))).toBe("unknown");
    expect(sniffFileKind(new Uint8Array([0x80, 0x06]))).toBe("unknown");
    expect(sniffFileKind(new Uint8Array([0x80]))).toBe("unknown");
    expect(sniffFileKind(new Uint8Array([]))).toBe("unknown");
    expect(sniffFileKind(ascii("version https://git"))).toBe("unknown");
  });
});

describe("fileKindError", () => {
  it("explains an LFS pointer", () => {
    const error = fileKindError("w.safetensors", "git-lfs-pointer", LFS_POINTER);
    expect(error).toBeInstanceOf(InputError);
    expect(error?.message).toMatch(/^"w\.safetensors": this is a Git LFS pointer/);
    // 123456 / 1024 = 120.5625, shown to one decimal.
    expect(error?.message).toContain("The object it stands for is 120.6 KiB (123,456 bytes).");
    expect(error?.message).toContain("git lfs pull");
    expect(error?.message).toContain("lfs: true");
  });

  it("groups the digits of a large LFS size", () => {
    const pointer = ascii(
      `version https://git-lfs.github.com/spec/v1\noid sha256:${"cd".repeat(32)}\nsize 45118424\n`,
    );
    const message = fileKindError("big.safetensors", "git-lfs-pointer", pointer)?.message;
    // 45118424 / 2^20 = 43.03 MiB.
    expect(message).toContain("is 43.0 MiB (45,118,424 bytes).");
    expect(message).not.toContain("45118424");
  });

  it("leaves out a size past 2^53", () => {
    const pointer = ascii(
      `version https://git-lfs.github.com/spec/v1\noid sha256:${"cd".repeat(32)}\nsize 18446744073709551615\n`,
    );
    const message = fileKindError("huge.safetensors", "git-lfs-pointer", pointer)?.message;
    expect(message).toContain("this is a Git LFS pointer file, not the weights. Fetch");
    expect(message).not.toContain("stands for");
  });

  it("suggests converting zip and pickle", () => {
    expect(fileKindError("a.bin", "zip", ZIP)?.message).toContain("zip archive");
    expect(fileKindError("a.bin", "zip", ZIP)?.message).toContain("Convert it to safetensors");
    expect(fileKindError("a.bin", "pickle", PICKLE)?.message).toContain("pickle (protocol 2)");
    expect(fileKindError("a.bin", "pickle", PICKLE)?.message).toContain("Convert it");
  });

  it("rejects GGUF as unsupported", () => {
    const message = fileKindError("m.gguf", "gguf", GGUF)?.message;
    expect(message).toContain("GGUF");
    expect(message).toContain("does not read");
    expect(message).toContain("safetensors files it was converted from");
  });

  it("returns undefined for unknown", () => {
    expect(fileKindError("x", "unknown", new Uint8Array())).toBeUndefined();
  });
});
