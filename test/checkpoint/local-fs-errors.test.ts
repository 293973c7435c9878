import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as fsPromises from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { openLocalCheckpoint } from "../../src/checkpoint/local.js";
import { InputError } from "../../src/errors.js";
import { encodeSafetensors } from "../../src/format/writer.js";
import { describeFsError } from "../../src/io/local-file.js";

// The tests run as root, where permissions never fail, so these calls fail on demand instead.
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return { ...actual, readdir: vi.fn(actual.readdir), open: vi.fn(actual.open) };
});

const root = mkdtempSync(path.join(os.tmpdir(), "model-diff-fs-errors-"));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

afterEach(() => {
  vi.mocked(fsPromises.readdir).mockReset();
  vi.mocked(fsPromises.open).mockReset();
});

/** Builds an error like those of Node's fs module, whose message repeats the raw path. */
function errnoError(code: string, target: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, '${target}'`), { code });
}

async function failure(reference: string): Promise<Error> {
  return openLocalCheckpoint(reference).then(
    () => new Error(`expected ${reference} to fail`),
    (error: unknown) => error as Error,
  );
}

function u8(name: string): Uint8Array {
  return encodeSafetensors([{ name, dtype: "U8", shape: [1], data: Uint8Array.of(1) }]);
}

describe("file system errors", () => {
  it("names an unreadable folder", async () => {
    const dir = path.join(root, "unreadable");
    mkdirSync(dir);
    vi.mocked(fsPromises.readdir).mockRejectedValueOnce(errnoError("EACCES", dir));
    const error = await failure(dir);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `cannot list folder "${dir}": permission denied. Check the permissions, or run as a user who can read it.`,
    );
  });

  it("names too many open files with the shard count", async () => {
    const dir = path.join(root, "emfile");
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, "model.safetensors.index.json"),
      JSON.stringify({ weight_map: { a: "s1.safetensors", b: "s2.safetensors" } }),
    );
    writeFileSync(path.join(dir, "s1.safetensors"), u8("a"));
    writeFileSync(path.join(dir, "s2.safetensors"), u8("b"));
    const actualOpen = (await vi.importActual<typeof fsPromises>("node:fs/promises")).open;
    vi.mocked(fsPromises.open).mockImplementation((file, ...rest) =>
      String(file).endsWith("s2.safetensors")
        ? Promise.reject(errnoError("EMFILE", String(file)))
        : actualOpen(file, ...rest),
    );
    const error = await failure(dir);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `cannot open "${path.join(dir, "s2.safetensors")}": too many open files: raise the limit ` +
        "with `ulimit -n` (a checkpoint with 2 shards keeps 2 files open per side).",
    );
  });
});

describe("describeFsError", () => {
  it.each([
    ["EACCES", "permission denied"],
    ["EPERM", "permission denied"],
    ["ELOOP", "too many symbolic links (a loop?)"],
    ["ENOTDIR", "a part of the path is a file, not a folder"],
    ["EMFILE", "too many open files: raise the limit with `ulimit -n`"],
    ["ENFILE", "too many open files: raise the limit with `ulimit -n`"],
    ["ENAMETOOLONG", "the path is too long"],
    ["EIO", "input/output error"],
    ["EWHATEVER", "the system call failed (EWHATEVER)"],
  ])("words %s", (code, words) => {
    const message = describeFsError("read", "/m/x", errnoError(code, "/m/x"));
    expect(message).toContain(`cannot read "/m/x": ${words}`);
    expect(message).not.toContain(`${code}: failed`);
  });

  it("escapes a hostile path", () => {
    const message = describeFsError("open", "a\u001b[2J\nb", errnoError("EACCES", "x"));
    expect(message).toContain('"a\\u001b[2J\\nb"');
    expect(message).not.toContain("\u001b");
  });

  it("counts one shard in the singular", () => {
    const message = describeFsError("open", "x", errnoError("EMFILE", "x"), { openFiles: 1 });
    expect(message).toContain("a checkpoint with 1 shard keeps 1 file open per side");
  });
});
