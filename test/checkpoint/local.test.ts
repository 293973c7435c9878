import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inFolder, openLocalCheckpoint } from "../../src/checkpoint/local.js";
import type { Checkpoint } from "../../src/checkpoint/types.js";
import { FormatError, InputError } from "../../src/errors.js";
import { encodeSafetensors } from "../../src/format/writer.js";
import { LocalFileSource } from "../../src/io/local-file.js";
import { CLI_BUNDLE } from "../helpers/run-cli.js";
import { describeShared, sharedPath } from "../helpers/shared.js";

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "model-diff-local-"));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Creates a folder under the temp root holding the given files. */
function folder(name: string, files: Record<string, Uint8Array | string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** Builds a one-tensor file of U8 values. */
function weights(name: string, ...values: number[]): Uint8Array {
  return encodeSafetensors([
    { name, dtype: "U8", shape: [values.length], data: Uint8Array.from(values) },
  ]);
}

function index(map: Record<string, string>, metadata: Record<string, unknown> = {}): string {
  return JSON.stringify({ metadata, weight_map: map });
}

async function withCheckpoint<T>(
  reference: string,
  use: (checkpoint: Checkpoint) => T,
): Promise<T> {
  const checkpoint = await openLocalCheckpoint(reference);
  try {
    return use(checkpoint);
  } finally {
    await checkpoint.close();
  }
}

async function failure(reference: string): Promise<Error> {
  return openLocalCheckpoint(reference).then(
    async (checkpoint) => {
      await checkpoint.close();
      throw new Error(`expected ${reference} to fail`);
    },
    (error: unknown) => error as Error,
  );
}

describe("openLocalCheckpoint", () => {
  it("opens a single file", async () => {
    const dir = folder("single-file", { "w.safetensors": weights("w", 1, 2, 3) });
    const file = path.join(dir, "w.safetensors");
    await withCheckpoint(file, (checkpoint) => {
      expect(checkpoint.reference).toBe(file);
      expect(checkpoint.resolved).toBe(file);
      expect([...checkpoint.tensors.keys()]).toEqual(["w"]);
      expect(checkpoint.tensorBytes).toBe(3);
      expect(checkpoint.files).toHaveLength(1);
    });
  });

  it("prefers model.safetensors in a folder", async () => {
    const dir = folder("standard", {
      "model.safetensors": weights("m", 1),
      "extra.safetensors": weights("x", 1),
    });
    await withCheckpoint(dir, (checkpoint) => {
      expect(checkpoint.resolved).toBe(path.join(dir, "model.safetensors"));
      expect([...checkpoint.tensors.keys()]).toEqual(["m"]);
      expect(checkpoint.warnings).toHaveLength(1);
      expect(checkpoint.warnings[0]).toContain(
        'compared "model.safetensors" and left out the other weight set in the folder: "extra.safetensors"',
      );
    });
  });

  it("uses the only safetensors file", async () => {
    const dir = folder("only-one", {
      "adapter_model.safetensors": weights("lora", 4, 5),
      "a.json": "{}",
    });
    await withCheckpoint(dir, (checkpoint) => {
      expect(checkpoint.resolved).toBe(path.join(dir, "adapter_model.safetensors"));
      expect(checkpoint.tensors.get("lora")?.numel).toBe(2);
    });
  });

  it("opens a sharded folder", async () => {
    const dir = folder("sharded", {
      "model.safetensors.index.json": index(
        { a: "s1.safetensors", b: "s2.safetensors" },
        { total_size: 3 },
      ),
      "s1.safetensors": encodeSafetensors(
        [{ name: "a", dtype: "U8", shape: [1], data: Uint8Array.of(1) }],
        { format: "pt" },
      ),
      "s2.safetensors": encodeSafetensors(
        [{ name: "b", dtype: "U8", shape: [2], data: Uint8Array.of(2, 3) }],
        { format: "pt" },
      ),
    });
    await withCheckpoint(dir, (checkpoint) => {
      expect(checkpoint.resolved).toBe(path.join(dir, "model.safetensors.index.json"));
      expect([...checkpoint.tensors.keys()].sort()).toEqual(["a", "b"]);
      expect(checkpoint.tensors.get("b")?.source.name).toBe(path.join(dir, "s2.safetensors"));
      expect(checkpoint.tensorBytes).toBe(3);
      expect(checkpoint.metadata).toEqual({ total_size: 3, format: "pt" });
      expect(checkpoint.warnings).toEqual([]);
    });
  });

  it("warns on conflicting shard metadata", async () => {
    const dir = folder("meta-conflict", {
      "model.safetensors.index.json": index({ a: "s1.safetensors", b: "s2.safetensors" }),
      "s1.safetensors": encodeSafetensors(
        [{ name: "a", dtype: "U8", shape: [1], data: Uint8Array.of(1) }],
        { step: "1" },
      ),
      "s2.safetensors": encodeSafetensors(
        [{ name: "b", dtype: "U8", shape: [1], data: Uint8Array.of(2) }],
        { step: "2" },
      ),
    });
    await withCheckpoint(dir, (checkpoint) => {
      expect(checkpoint.metadata).toEqual({ step: "1" });
      expect(checkpoint.warnings).toHaveLength(1);
      expect(checkpoint.warnings[0]).toContain('metadata key "step" has different values');
    });
  });

  it("uses a diffusers index and skips its shards", async () => {
    const indexName = "diffusion_pytorch_model.safetensors.index.json";
    const dir = folder("diffusers", {
      [indexName]: index({
        a: "diffusion_pytorch_model-00001-of-00002.safetensors",
        b: "diffusion_pytorch_model-00002-of-00002.safetensors",
      }),
      "diffusion_pytorch_model-00001-of-00002.safetensors": weights("a", 1),
      "diffusion_pytorch_model-00002-of-00002.safetensors": weights("b", 2),
    });
    await withCheckpoint(dir, (checkpoint) => {
      expect(checkpoint.resolved).toBe(path.join(dir, indexName));
      expect(checkpoint.tensors.size).toBe(2);
    });
  });

  it("opens an index path directly", async () => {
    const dir = folder("index-direct", {
      "x.safetensors.index.json": index({ t: "x-1.safetensors" }),
      "x-1.safetensors": weights("t", 7),
      "other.safetensors": weights("o", 1),
    });
    await withCheckpoint(path.join(dir, "x.safetensors.index.json"), (checkpoint) => {
      expect([...checkpoint.tensors.keys()]).toEqual(["t"]);
    });
  });

  it("lists the candidates of an ambiguous folder", async () => {
    const dir = folder("ambiguous", {
      "a.safetensors": weights("a", 1),
      "b.safetensors": weights("b", 1),
      "c.safetensors.index.json": index({ c: "c-1.safetensors" }),
      "c-1.safetensors": weights("c", 1),
    });
    const error = await failure(dir);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("the folder contains 3 weight sets");
    expect(error.message).toContain(path.join(dir, "a.safetensors"));
    expect(error.message).toContain(path.join(dir, "b.safetensors"));
    expect(error.message).toContain(path.join(dir, "c.safetensors.index.json"));
    expect(error.message).not.toContain("c-1.safetensors");
    expect(error.message).toContain("Pass the path of the file or index");
  });

  it("rejects an empty folder", async () => {
    const error = await failure(folder("empty", {}));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("no `.safetensors` file");
  });

  it("rejects a folder with only .bin weights", async () => {
    const dir = folder("bin-only", { "pytorch_model.bin": "PK\x03\x04", "config.json": "{}" });
    const error = await failure(dir);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      'no safetensors files, only weights in other formats ("pytorch_model.bin")',
    );
    expect(error.message).toContain("Convert them to safetensors");
  });

  it("rejects a zip passed as a file", async () => {
    const dir = folder("zip-file", {
      "model.safetensors": Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x08, 0x08, 0, 0, 0, 0]),
    });
    const error = await failure(dir);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("zip archive");
  });

  it("rejects a missing path", async () => {
    const error = await failure(path.join(root, "nothing-here"));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("no such file or folder");
  });

  it("rejects a missing shard before opening any", async () => {
    const dir = folder("missing-shard", {
      "model.safetensors.index.json": index({ a: "s1.safetensors", b: "s2.safetensors" }),
      // Opening this shard first would give a FormatError about its header instead.
      "s1.safetensors": "not even safetensors",
    });
    const error = await failure(dir);
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain(
      'checkpoint incomplete: "s2.safetensors" is named by the index (1 tensor: "b")',
    );
  });

  it("closes files, twice safely", async () => {
    const checkpoint = await openLocalCheckpoint(
      folder("close", { "model.safetensors": weights("w", 1) }),
    );
    const tensor = checkpoint.tensors.get("w");
    await checkpoint.close();
    await checkpoint.close();
    await expect(tensor?.source.read(0, 1, new Uint8Array(1))).rejects.toThrow();
  });
});

/** Creates a FIFO with mkfifo(1), which Node has no API for. */
function fifo(file: string): void {
  const result = spawnSync("mkfifo", [file]);
  if (result.status !== 0) throw new Error(`mkfifo failed: ${result.stderr}`);
}

describe("inFolder", () => {
  it("keeps a leading ./ of the folder", () => {
    expect(inFolder(`.${path.sep}pair`, "model.safetensors")).toBe(
      `.${path.sep}pair${path.sep}model.safetensors`,
    );
    expect(inFolder(`.${path.sep}`, "model.safetensors")).toBe(`.${path.sep}model.safetensors`);
  });

  it("joins other folders as path.join does", () => {
    expect(inFolder("pair", "model.safetensors")).toBe(path.join("pair", "model.safetensors"));
    expect(inFolder(`..${path.sep}pair`, "a.safetensors")).toBe(
      path.join("..", "pair", "a.safetensors"),
    );
    // A ./ before a climb out of the folder gives a path that already starts with ../.
    expect(inFolder(`.${path.sep}..${path.sep}pair`, "a.safetensors")).toBe(
      path.join("..", "pair", "a.safetensors"),
    );
    expect(inFolder(path.join(root, "pair"), "a.safetensors")).toBe(
      path.join(root, "pair", "a.safetensors"),
    );
  });

  it("shows a shard folder as typed in the CLI's message", () => {
    folder("typed/sharded", {
      "model.safetensors.index.json": index({ w: "model-00001-of-00002.safetensors" }),
    });
    const result = spawnSync(
      process.execPath,
      [CLI_BUNDLE, `.${path.sep}sharded`, `.${path.sep}sharded`],
      { cwd: path.join(root, "typed"), encoding: "utf8" },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`".${path.sep}sharded${path.sep}model.safetensors.index.json"`);
  });
});

describe("openLocalCheckpoint with other kinds of files", () => {
  it("names a FIFO model.safetensors", async () => {
    const dir = folder("fifo-single", { "config.json": "{}" });
    fifo(path.join(dir, "model.safetensors"));
    const error = await failure(dir);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      `"${path.join(dir, "model.safetensors")}": not a regular file (it is a FIFO)`,
    );
  });

  it("names a FIFO shard", async () => {
    const dir = folder("fifo-shard", {
      "model.safetensors.index.json": index({ a: "s1.safetensors", b: "s2.safetensors" }),
      "s1.safetensors": weights("a", 1),
    });
    fifo(path.join(dir, "s2.safetensors"));
    // The index path skips the folder listing, which would name the FIFO first.
    const error = await failure(path.join(dir, "model.safetensors.index.json"));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      `1 shard is not a regular file: "${path.join(dir, "s2.safetensors")}" (a FIFO)`,
    );
    expect(error.message).not.toContain("missing");
  });

  it("names a FIFO passed as the path", async () => {
    const dir = folder("fifo-direct", {});
    const file = path.join(dir, "w.safetensors");
    fifo(file);
    const error = await failure(file);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("not a regular file or folder (it is a FIFO)");
  });

  it("opens a FIFO without waiting for a writer", async () => {
    const dir = folder("fifo-open", {});
    const file = path.join(dir, "w.safetensors");
    fifo(file);
    const error = await LocalFileSource.open(file).then(
      () => new Error("expected a rejection"),
      (reason: unknown) => reason as Error,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `"${file}": not a regular file (it is a FIFO). Pass a safetensors file.`,
    );
  });

  it("names a symbolic link loop", async () => {
    const dir = folder("loop", {});
    const loop = path.join(dir, "loop");
    symlinkSync("loop", loop);
    const error = await failure(loop);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(`cannot read "${loop}": too many symbolic links (a loop?)`);
  });

  it("names a looping model.safetensors in a folder", async () => {
    const dir = folder("loop-in-folder", {});
    symlinkSync("model.safetensors", path.join(dir, "model.safetensors"));
    const error = await failure(dir);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("too many symbolic links (a loop?)");
  });

  it("names a broken link to the weights", async () => {
    const dir = folder("dangling", {});
    symlinkSync("../blobs/absent", path.join(dir, "model.safetensors"));
    const error = await failure(dir);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      `"${path.join(dir, "model.safetensors")}": a symbolic link to a missing file`,
    );
  });

  it("names a file used as a folder", async () => {
    const dir = folder("not-dir", { "w.safetensors": weights("w", 1) });
    const error = await failure(path.join(dir, "w.safetensors", "x"));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("a part of the path is a file, not a folder");
  });
});

describe("openLocalCheckpoint with two weight sets", () => {
  it("warns about model.safetensors beside the index", async () => {
    const dir = folder("index-and-single", {
      "model.safetensors.index.json": index({ a: "s1.safetensors" }),
      "s1.safetensors": weights("a", 1),
      "model.safetensors": weights("m", 1),
    });
    await withCheckpoint(dir, (checkpoint) => {
      expect(checkpoint.resolved).toBe(path.join(dir, "model.safetensors.index.json"));
      expect(checkpoint.warnings).toHaveLength(1);
      const warning = checkpoint.warnings[0] as string;
      expect(warning).toContain(
        'compared "model.safetensors.index.json" and left out the other weight set in the folder: "model.safetensors".',
      );
      expect(warning).not.toContain("s1.safetensors");
      expect(warning).toContain("pass the path of its file or index instead of the folder");
    });
  });

  it("warns about an adapter beside model.safetensors", async () => {
    const dir = folder("single-and-adapter", {
      "model.safetensors": weights("m", 1),
      "adapter_model.safetensors": weights("lora", 1),
      "other.safetensors": weights("o", 1),
    });
    await withCheckpoint(dir, (checkpoint) => {
      expect(checkpoint.resolved).toBe(path.join(dir, "model.safetensors"));
      expect(checkpoint.warnings).toEqual([
        `"${dir}": compared "model.safetensors" and left out the other weight sets in the folder: ` +
          '"adapter_model.safetensors", "other.safetensors". In a folder, ' +
          "`model.safetensors.index.json` comes first, then `model.safetensors`. To compare " +
          "another weight set, pass the path of its file or index instead of the folder.",
      ]);
    });
  });

  it("still warns when another index is broken", async () => {
    const dir = folder("single-and-broken-index", {
      "model.safetensors": weights("m", 1),
      "old.safetensors.index.json": "{",
    });
    await withCheckpoint(dir, (checkpoint) => {
      expect(checkpoint.warnings[0]).toContain(
        'left out the other weight set in the folder: "old.safetensors.index.json"',
      );
    });
  });

  it("gives no warning for one weight set", async () => {
    const dir = folder("one-set", {
      "model.safetensors": weights("m", 1),
      "config.json": "{}",
    });
    await withCheckpoint(dir, (checkpoint) => {
      expect(checkpoint.warnings).toEqual([]);
    });
  });

  it("rejects an index naming itself", async () => {
    const dir = folder("self-index", {
      "model.safetensors.index.json": index({ a: "model.safetensors.index.json" }),
    });
    const error = await failure(dir);
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain(
      '"a" -> "model.safetensors.index.json" is the index file itself',
    );
  });
});

/** Tensor count and element count of a file, read with a plain JSON.parse of its header. */
function naiveHeaderFacts(file: string): { tensors: number; elements: number; dataBytes: number } {
  const bytes = readFileSync(file);
  const length = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + length).toString("utf8")) as Record<
    string,
    { shape: number[] }
  >;
  const names = Object.keys(header).filter((key) => key !== "__metadata__");
  const elements = names.reduce(
    (sum, name) => sum + (header[name]?.shape ?? []).reduce((product, dim) => product * dim, 1),
    0,
  );
  return { tensors: names.length, elements, dataBytes: bytes.byteLength - 8 - length };
}

function realFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".safetensors"))
    .map((name) => path.join(dir, name))
    .sort();
}

describeShared("shared checkpoints", () => {
  it("rejects shard_missing", async () => {
    const error = await failure(sharedPath("cases", "shard_missing"));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain(
      'checkpoint incomplete: "model-00002-of-00002.safetensors" is named by the index (1 tensor: "b") but missing',
    );
    expect(error.message).toContain("Re-download");
  });

  it("lists every problem of shard_inconsistent", async () => {
    const error = await failure(sharedPath("cases", "shard_inconsistent"));
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toContain("(3 problems)");
    expect(error.message).toContain(
      '"c" is mapped to "model-00001-of-00002.safetensors" but missing from that shard\'s header',
    );
    expect(error.message).toContain(
      '"a" is defined in 2 shards: "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"',
    );
    expect(error.message).toContain(
      '"x_extra" is in "model-00001-of-00002.safetensors" but absent from the index\'s weight_map',
    );
  });

  it("rejects the real LFS pointer", async () => {
    const error = await failure(sharedPath("real", "malformed-git-lfs-pointer"));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("Git LFS pointer");
  });

  const files = realFiles(sharedPath("real")).filter(
    (file) => !file.includes("malformed-git-lfs-pointer"),
  );

  it("finds the real checkpoints", () => {
    expect(files).toHaveLength(15);
  });

  it.each(files.map((file) => [path.relative(sharedPath("real"), file), file]))(
    "loads %s",
    async (_name, file) => {
      const expected = naiveHeaderFacts(file);
      await withCheckpoint(file, (checkpoint) => {
        const tensors = [...checkpoint.tensors.values()];
        expect(tensors).toHaveLength(expected.tensors);
        expect(tensors.reduce((sum, tensor) => sum + tensor.numel, 0)).toBe(expected.elements);
        expect(checkpoint.tensorBytes).toBe(expected.dataBytes);
      });
    },
  );
});
