/**
 * A pair of checkpoint folders whose tensor names, metadata, config values and folder names are
 * chosen to break Markdown, HTML, GitHub's autolinking and terminals. Every kind of entry in the
 * report (changed, layered, added, removed, renamed, reshaped, recast, metadata, config) gets
 * each hostile text, so every table and note of the report shows it.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { encodeSafetensors, type TensorToWrite } from "../../src/format/writer.js";

/** A name longer than any report shows uncut. */
export const LONG_TEXT = `long${"x".repeat(4000)}end`;

export const HOSTILE_TEXTS: readonly string[] = [
  "pipe|in|name",
  "tick`one",
  "fence```three",
  "````four",
  "trailing`",
  "new\nline",
  "carriage\rreturn",
  "tab\there",
  "<b>bold</b>",
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  "[link](https://127.0.0.1/x)",
  "![image](https://127.0.0.1/i.png)",
  "<https://127.0.0.1/auto>",
  "www.example.com",
  "@octocat please",
  "fixes #123",
  "GH-12 and org/repo#5",
  "<!-- model-diff -->",
  "<!-- model-diff:hostile-1 -->",
  "end -->",
  "</details>",
  "<details>",
  "<summary>s</summary>",
  "# heading",
  "- item",
  "1. item",
  "*em* _em_ ~~del~~ **strong**",
  "back\\slash\\|",
  "trailing\\",
  "zero\u200bwidth\ufeff",
  "bidi\u202eevil\u202c",
  "\u2066isolate\u2069",
  "esc\u001b[31mred\u001b]0;title\u0007",
  "del\u007fc1\u0085\u009b",
  "line\u2028para\u2029",
  "&lt;entity&gt; &amp; &#64;",
  "  padded  ",
  "emoji 😀 cjk 模型",
  "$x$ and $$y$$",
  ":tada: :+1:",
  "lone\ud800surrogate",
  LONG_TEXT,
];

export interface HostilePair {
  base: string;
  head: string;
  /** Every tensor name written, by the role it plays in the diff. */
  names: {
    changed: string[];
    layered: string[];
    added: string[];
    removed: string[];
    renamed: { baseName: string; headName: string }[];
    reshaped: string[];
    recast: string[];
  };
  /** config.json of each side. */
  config: { base: Record<string, unknown>; head: Record<string, unknown> };
  /** safetensors `__metadata__` of each side. */
  metadata: { base: Record<string, string>; head: Record<string, string> };
}

function float32(values: readonly number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

/** bfloat16 bytes of values that bfloat16 holds exactly (the upper half of their float32). */
function bfloat16(values: readonly number[]): Uint8Array {
  const words = new Uint32Array(new Float32Array(values).buffer);
  const out = new Uint16Array(values.length);
  words.forEach((word, index) => {
    out[index] = word >>> 16;
  });
  return new Uint8Array(out.buffer);
}

/** The folder names of the pair; they contain hostile characters of their own. */
export const BASE_FOLDER = "base `x` |@octocat| <b>#1 \\ end";
export const HEAD_FOLDER = "head [l](y) <!-- m --> \u202e";

/**
 * Writes the pair under `root` and returns the folder paths and the names written. The tensor
 * values are small integers, so every changed tensor has a positive relative change.
 */
export function writeHostilePair(root: string): HostilePair {
  const names: HostilePair["names"] = {
    changed: [],
    layered: [],
    added: [],
    removed: [],
    renamed: [],
    reshaped: [],
    recast: [],
  };
  const base: TensorToWrite[] = [];
  const head: TensorToWrite[] = [];
  const metadata: HostilePair["metadata"] = { base: {}, head: {} };
  const config: { base: Record<string, unknown>; head: Record<string, unknown> } = {
    base: {},
    head: {},
  };

  HOSTILE_TEXTS.forEach((text, i) => {
    const changed = text;
    names.changed.push(changed);
    base.push({ name: changed, dtype: "F32", shape: [2, 2], data: float32([i, 1, 2, 3]) });
    head.push({ name: changed, dtype: "F32", shape: [2, 2], data: float32([i, 1, 2, 4]) });

    // The text becomes the stack of layer i, so it labels a row of the heatmap.
    const layered = `${text}.${i}.mlp.weight`;
    names.layered.push(layered);
    base.push({ name: layered, dtype: "F32", shape: [2, 2], data: float32([1, i, 1, 1]) });
    head.push({ name: layered, dtype: "F32", shape: [2, 2], data: float32([1, i, 1, 2]) });

    const removed = `removed ${text}`;
    names.removed.push(removed);
    base.push({ name: removed, dtype: "F32", shape: [1], data: float32([i + 0.25]) });

    const added = `added ${text}`;
    names.added.push(added);
    head.push({ name: added, dtype: "F32", shape: [1], data: float32([i + 0.75]) });

    const renamed = { baseName: `old ${text}`, headName: `new ${text}` };
    names.renamed.push(renamed);
    const renamedData = float32([1000 + i, 7, 11]);
    base.push({ name: renamed.baseName, dtype: "F32", shape: [3], data: renamedData });
    head.push({ name: renamed.headName, dtype: "F32", shape: [3], data: renamedData });

    const reshaped = `reshaped ${text}`;
    names.reshaped.push(reshaped);
    base.push({ name: reshaped, dtype: "F32", shape: [4], data: float32([i, 2, 3, 5]) });
    head.push({ name: reshaped, dtype: "F32", shape: [2, 2], data: float32([i, 2, 3, 5]) });

    const recast = `recast ${text}`;
    names.recast.push(recast);
    base.push({ name: recast, dtype: "F32", shape: [2], data: float32([1, 2]) });
    head.push({ name: recast, dtype: "BF16", shape: [2], data: bfloat16([1, 2.5]) });

    metadata.base[text] = `base value ${text}`;
    metadata.head[text] = `head value ${text}`;
    // The config table shows 40 rows, so half the texts go there.
    if (i % 2 === 0 || text === LONG_TEXT) {
      config.base[text] = `base ${text}`;
      config.head[text] = i;
    }
  });

  const template = `{% for m in messages %}<|im_start|>{{ m.role }}\n${HOSTILE_TEXTS.join("\n")}{% endfor %}`;
  const companions = {
    base: {
      "config.json": { ...config.base, model_type: "llama", architectures: ["Llama|<b>"] },
      "tokenizer_config.json": { chat_template: "{{ messages }}", eos_token: "</s>" },
      "generation_config.json": { temperature: 0.7, "@octocat": "`x`" },
    },
    head: {
      "config.json": { ...config.head, model_type: "llama\n<script>", architectures: ["@x"] },
      "tokenizer_config.json": { chat_template: template, eos_token: "<|im_end|>`|`" },
      "generation_config.json": { temperature: 0.9, "@octocat": "</details>" },
    },
  };

  const folders = { base: path.join(root, BASE_FOLDER), head: path.join(root, HEAD_FOLDER) };
  for (const side of ["base", "head"] as const) {
    mkdirSync(folders[side], { recursive: true });
    const tensors = side === "base" ? base : head;
    writeFileSync(
      path.join(folders[side], "model.safetensors"),
      encodeSafetensors(tensors, metadata[side]),
    );
    for (const [file, content] of Object.entries(companions[side])) {
      writeFileSync(path.join(folders[side], file), JSON.stringify(content));
    }
  }
  return { ...folders, names, metadata, config };
}

/** Every tensor name of the pair, each once. */
export function allTensorNames(pair: HostilePair): string[] {
  const { names } = pair;
  return [
    ...names.changed,
    ...names.layered,
    ...names.added,
    ...names.removed,
    ...names.renamed.flatMap((entry) => [entry.baseName, entry.headName]),
    ...names.reshaped,
    ...names.recast,
  ];
}
