/**
 * Recognisable fake tokens and the checks that they appear nowhere but in the Authorization
 * header sent to their own server: not in output, files or comments, and in no request to
 * another origin.
 */

import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect } from "vitest";
import type { FakeGitHub } from "./fake-github.js";
import type { FakeHub } from "./fake-hub.js";
import { CLI_BUNDLE } from "./run-cli.js";

export const HF_SECRET = "hf_FAKEsecretHubToken0123456789abcdef";
export const GITHUB_SECRET = "ghp_FAKEsecretGitHubToken0123456789abc";
export const SECRETS = [HF_SECRET, GITHUB_SECRET] as const;

/** Checks that no secret, whole or in its distinctive middle part, occurs in `text`. */
export function expectNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) {
    expect(text.includes(secret), `${where} contains ${secret}`).toBe(false);
    expect(text.includes(secret.slice(4)), `${where} contains part of ${secret}`).toBe(false);
  }
}

/** Returns the text of every file under `folder`, or nothing when it does not exist. */
export function filesUnder(folder: string): { file: string; text: string }[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return filesUnder(file);
    return [{ file, text: readFileSync(file, "utf8") }];
  });
}

/** A server on another port of 127.0.0.1 that records each request and returns 404. */
export class OtherOrigin {
  readonly requests: { url: string; headers: string }[] = [];
  private readonly server = http.createServer((request, response) => {
    this.requests.push({ url: request.url ?? "", headers: JSON.stringify(request.headers) });
    response.writeHead(404, { "Content-Type": "application/json" });
    response.end("{}");
  });

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Checks every request the fakes received: the Hub token only in `Authorization: Bearer` to the
 * Hub's own origin, the GitHub token only in `Authorization: token` to the GitHub API, and
 * neither anywhere else (CDN, other origin, URLs, bodies).
 */
export function expectRequestsClean(
  hub: FakeHub,
  other: OtherOrigin,
  github: FakeGitHub | null,
): void {
  for (const request of hub.requests) {
    const where = `${request.server} request ${request.method} ${request.url}`;
    expectNoSecret(request.url, where);
    if (request.server === "hub" && request.authorization === `Bearer ${HF_SECRET}`) {
      expectNoSecret(request.headers.replace(`Bearer ${HF_SECRET}`, ""), where);
    } else {
      expectNoSecret(request.headers, where);
    }
  }
  for (const request of other.requests) {
    expectNoSecret(request.url + request.headers, `other-origin request ${request.url}`);
  }
  for (const request of github?.requests ?? []) {
    const where = `GitHub request ${request.method} ${request.path}`;
    const { authorization, ...rest } = request.headers;
    expect(authorization, where).toBe(`token ${GITHUB_SECRET}`);
    expectNoSecret(
      `${request.path}${JSON.stringify(request.query)}${JSON.stringify(rest)}${JSON.stringify(request.body)}`,
      where,
    );
  }
  for (const comment of github?.comments ?? []) expectNoSecret(comment.body, "a comment");
}

export interface ChildRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI bundle without blocking, so fake servers in this process keep serving, with the
 * environment given and nothing else but PATH.
 */
export function runCliAsync(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<ChildRun> {
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
