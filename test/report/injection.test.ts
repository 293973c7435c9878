import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_VALUE_CHARS } from "../../src/analysis/configs.js";
import { MAX_SHOWN_CHARS } from "../../src/visible-text.js";
import {
  type ActionRun,
  annotations,
  pullRequestPayload,
  runActionBundle,
} from "../action/harness.js";
import { FakeGitHub } from "../helpers/fake-github.js";
import {
  allTensorNames,
  HOSTILE_TEXTS,
  type HostilePair,
  writeHostilePair,
} from "../helpers/hostile-checkpoints.js";
import {
  decodeVisible,
  namesInSpans,
  RAW_INVISIBLE,
  readMarkdown,
} from "../helpers/markdown-structure.js";
import { runCliBundle } from "../helpers/run-cli.js";

const scratch = mkdtempSync(path.join(tmpdir(), "model-diff-injection-"));
const workspace = path.join(scratch, "workspace");
const github = new FakeGitHub();
const PR = 11;
let pair: HostilePair;

beforeAll(async () => {
  pair = writeHostilePair(workspace);
  await github.start();
});
afterAll(async () => {
  await github.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** The form a report promises for a name: the name itself, or its first code points and "…". */
function shownForm(name: string): string {
  const codePoints = Array.from(name);
  return codePoints.length > MAX_SHOWN_CHARS
    ? `${codePoints.slice(0, MAX_SHOWN_CHARS).join("")}…`
    : name;
}

/** Names that the Markdown report shows in its tables. */
function namesInTables(): string[] {
  const { names, metadata } = pair;
  return [
    ...names.changed,
    ...names.layered,
    ...names.added,
    ...names.removed,
    ...names.renamed.flatMap((entry) => [entry.baseName, entry.headName]),
    ...names.reshaped,
    ...names.recast,
    ...Object.keys(metadata.base),
    ...Object.values(metadata.base),
    ...Object.values(metadata.head),
    ...Object.keys(pair.config.base),
    ...Object.values(pair.config.base).map((value) => configValueForm(String(value))),
  ];
}

/** Returns a config value as the report keeps it: cut after MAX_VALUE_CHARS code points, with its length. */
function configValueForm(value: string): string {
  const codePoints = Array.from(value);
  return codePoints.length > MAX_VALUE_CHARS
    ? `${codePoints.slice(0, MAX_VALUE_CHARS).join("")}… (${codePoints.length} characters)`
    : value;
}

/**
 * A second, naive form of the text report's escaping: a backslash as `\u005c`, newline, carriage
 * return and tab as `\n`, `\r`, `\t`, every other control, bidi, zero-width or non-ASCII space
 * character as `\uXXXX`, outer spaces as `\u0020`.
 */
function naiveVisible(name: string): string {
  let out = "";
  for (const character of shownForm(name).replace(/…$/, "")) {
    const code = character.codePointAt(0) as number;
    const invisible =
      code < 0x20 ||
      (code >= 0x7f && code <= 0xa0) ||
      [0x61c, 0x1680, 0x205f, 0x3000, 0xfeff].includes(code) ||
      (code >= 0x2000 && code <= 0x200f) ||
      (code >= 0x2028 && code <= 0x202f) ||
      (code >= 0x2060 && code <= 0x2069) ||
      (code >= 0xd800 && code <= 0xdfff);
    if (character === "\\") out += "\\u005c";
    else if (character === "\n") out += "\\n";
    else if (character === "\r") out += "\\r";
    else if (character === "\t") out += "\\t";
    else if (invisible) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += character;
  }
  out = out.replace(/^ +| +$/g, (spaces) => "\\u0020".repeat(spaces.length));
  return Array.from(name).length > MAX_SHOWN_CHARS ? `${out}…` : out;
}

/** The run's page, which the action links in the comment; see runActionBundle. */
const RUN_URL = "https://github.com/octo-org/model-repo/actions/runs/987654321";

function expectSoundMarkdown(markdown: string): Set<string> {
  const reading = readMarkdown(markdown, [RUN_URL]);
  expect(reading.problems).toEqual([]);
  const shown = namesInSpans(reading);
  const missing = namesInTables()
    .map(shownForm)
    .filter((name) => !shown.has(name));
  expect(missing).toEqual([]);
  return shown;
}

/** Returns how often `needle` occurs in `text`. */
function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe("CLI reports of hostile checkpoints", () => {
  function runCli(format: string) {
    const run = runCliBundle([
      pair.base,
      pair.head,
      "--format",
      format,
      "--top",
      "1000",
      "--workers",
      "1",
    ]);
    expect(run.stderr).not.toContain("internal error");
    expect(run.status).toBe(0);
    return run.stdout;
  }

  it("renders every name literally in Markdown", () => {
    const markdown = runCli("markdown");
    const shown = expectSoundMarkdown(markdown);
    expect(shown).toContain(pair.base);
    expect(shown).toContain(pair.head);
  });

  it("shows config values as literals", () => {
    const reading = readMarkdown(runCli("markdown"));
    const shown = namesInSpans(reading);
    for (const key of ["@octocat", "model_type", "chat_template", "eos_token", "architectures"]) {
      expect(shown, key).toContain(key);
    }
    expect(shown).toContain("llama\n<script>");
    expect(shown).toContain("<|im_end|>`|`");
    expect(shown).toContain("</details>");
  });

  it("escapes controls in the text report", () => {
    const text = runCli("text");
    const rawLines = text.split("\n").filter((line) => RAW_INVISIBLE.test(line));
    expect(rawLines).toEqual([]);
    // The text report has no config section, so only names and metadata are looked for.
    const configValues = new Set(Object.values(pair.config.base).map(String));
    const missing = namesInTables()
      .filter((name) => !configValues.has(name))
      .filter((name) => !text.includes(naiveVisible(name)));
    expect(missing).toEqual([]);
  });

  it("keeps names byte-exact in JSON", () => {
    const report = JSON.parse(runCli("json"));
    const inJson: string[] = [
      ...report.tensors.map((tensor: { name: string }) => tensor.name),
      ...report.added,
      ...report.removed,
      ...report.renamed.flatMap((entry: { baseName: string; headName: string }) => [
        entry.baseName,
        entry.headName,
      ]),
      ...report.reshaped.map((entry: { name: string }) => entry.name),
    ];
    const expected = allTensorNames(pair).filter((name) => !pair.names.recast.includes(name));
    // Recast tensors are compared, so they are among report.tensors as well.
    expected.push(...pair.names.recast);
    expect([...inJson].sort()).toEqual([...expected].sort());
    const bytes = (names: readonly string[]) =>
      names.map((name) => Buffer.from(name, "utf16le").toString("hex")).sort();
    expect(bytes(inJson)).toEqual(bytes(expected));
    const recast = report.dtypeChanged.map((entry: { name: string }) => entry.name);
    expect([...recast].sort()).toEqual([...pair.names.recast].sort());
    const metadata = report.metadataChanges.map(
      (change: { key: string; base: string; head: string }) => [
        change.key,
        change.base,
        change.head,
      ],
    );
    expect(metadata).toHaveLength(HOSTILE_TEXTS.length);
    for (const [key, base, head] of metadata) {
      expect(base).toBe(pair.metadata.base[key]);
      expect(head).toBe(pair.metadata.head[key]);
    }
  });
});

describe("action reports of hostile checkpoints", () => {
  let run: ActionRun;
  let comment: string;

  beforeAll(async () => {
    github.reset();
    run = await runActionBundle(scratch, {
      workspace,
      inputs: {
        base: path.relative(workspace, pair.base),
        head: path.relative(workspace, pair.head),
        top: "1000",
        "comment-key": "hostile-1",
      },
      eventName: "pull_request",
      payload: pullRequestPayload(PR),
      apiUrl: github.url,
    });
    comment = github.commentsOn(PR)[0]?.body ?? "";
  });

  it("succeeds and posts one comment", () => {
    expect(annotations(run.stdout, "error")).toEqual([]);
    expect(run.status).toBe(0);
    expect(github.commentsOn(PR)).toHaveLength(1);
  });

  it("keeps the marker the only one, at the top", () => {
    const marker = "<!-- model-diff:hostile-1 -->";
    const [first, ...rest] = comment.split("\n");
    expect(first).toBe(marker);
    // Names that look like markers appear only inside code, where GitHub shows them as text.
    const outside = readMarkdown(rest.join("\n")).outside.join("\n");
    expect(occurrences(outside, "<!--")).toBe(0);
    expect(occurrences(outside, "-->")).toBe(0);
    // One hostile name is this very marker.
    expect(occurrences(comment, marker)).toBeGreaterThan(1);
  });

  it("updates the same comment on the next run", async () => {
    const first = github.commentsOn(PR)[0]?.id;
    const again = await runActionBundle(scratch, {
      workspace,
      inputs: {
        base: path.relative(workspace, pair.base),
        head: path.relative(workspace, pair.head),
        top: "1000",
        "comment-key": "hostile-1",
      },
      eventName: "pull_request",
      payload: pullRequestPayload(PR),
      apiUrl: github.url,
    });
    expect(again.status).toBe(0);
    expect(github.commentsOn(PR).map((posted) => posted.id)).toEqual([first]);
    expect(github.requestLines().filter((line) => line.startsWith("PATCH"))).toHaveLength(1);
  });

  it("renders the comment soundly", () => {
    expectSoundMarkdown(comment.slice(comment.indexOf("\n") + 1));
  });

  it("renders the job summary soundly", () => {
    expectSoundMarkdown(run.summary);
    expect(occurrences(readMarkdown(run.summary).outside.join("\n"), "<!--")).toBe(0);
  });

  it("renders report.md soundly", () => {
    const file = run.outputs["report-markdown"] as string;
    expectSoundMarkdown(readFileSync(file, "utf8"));
  });

  it("keeps names byte-exact in report.json", () => {
    const report = JSON.parse(readFileSync(run.outputs["report-json"] as string, "utf8"));
    expect([...report.added].sort()).toEqual([...pair.names.added].sort());
    expect([...report.removed].sort()).toEqual([...pair.names.removed].sort());
  });

  it("escapes names in the job log", () => {
    // A line of the log that starts with `::` is a workflow command for the runner.
    const commands = run.stdout
      .split("\n")
      .filter((line) => line.startsWith("::"))
      .map((line) => line.slice(0, line.indexOf("::", 2) + 2));
    const known = new Set([
      "::add-mask::",
      "::debug::",
      "::warning::",
      "::error::",
      "::group::",
      "::endgroup::",
    ]);
    expect(commands.filter((command) => !known.has(command))).toEqual([]);
    expect(run.stdout).not.toContain("\u001b");
  });

  it("decodes the visible form of every shown name", () => {
    for (const text of HOSTILE_TEXTS.slice(0, -1)) {
      expect(decodeVisible(naiveVisible(text))).toBe(text);
    }
  });
});
