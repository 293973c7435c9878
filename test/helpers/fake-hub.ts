/**
 * A fake Hugging Face Hub on 127.0.0.1 with its CDN on a second port. It responds as the real Hub
 * does to the calls model-diff makes:
 * - `GET /api/models/{repo}/revision/{rev}`: the repository's info with the commit sha.
 * - `GET /api/models/{repo}/tree/{rev}[/{path}]`: the file listing, with `lfs.oid` (the SHA-256)
 *   for LFS files, paginated with an absolute `Link: <…>; rel="next"`.
 * - `HEAD|GET /{repo}/raw/{rev}/{path}`.
 * - `GET /{repo}/resolve/{rev}/{path}`: git files redirected (307, relative Location) to a
 *   commit-pinned `/api/resolve-cache/…` URL that answers 206 to a Range with ETag and
 *   X-Repo-Commit; LFS files answered with a 302 to the CDN carrying X-Linked-Size,
 *   X-Linked-ETag and X-Repo-Commit. The CDN answers 206 with Content-Range.
 * - 404 with X-Error-Code (RepoNotFound, RevisionNotFound, EntryNotFound), 401 for a private
 *   repository without the token, 403 GatedRepo for a gated one.
 * A revision is accepted raw (`refs/pr/1`) or percent-encoded (`refs%2Fpr%2F1`), as the library
 * sends both. The xet-fileinfo content type is never sent, so the library stays on the plain
 * range path. File bodies are streamed from generators, so a large file is never held in memory.
 */

import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

/** Bytes of a file, produced piece by piece. */
export interface FileContent {
  readonly size: number;
  /** Yields the bytes [start, end) in order. */
  chunks(start: number, end: number): Iterable<Uint8Array>;
}

export interface FakeFile {
  path: string;
  content: FileContent;
  /** LFS files are redirected to the CDN and listed with `lfs.oid`. */
  lfs: boolean;
}

export interface FakeRepo {
  id: string;
  /** Commit sha (40 hex) to files. */
  commits: Record<string, FakeFile[]>;
  /** Branch, tag or `refs/pr/N` to commit sha. */
  refs: Record<string, string>;
  private?: boolean;
  gated?: boolean;
}

export interface LoggedRequest {
  server: "hub" | "cdn";
  method: string;
  /** Path and query as received. */
  url: string;
  range: string | null;
  authorization: string | null;
  /** Every header as received, as JSON, for checks that a value was never sent. */
  headers: string;
  status: number;
}

/** Switches that make the fake misbehave; each can be changed while it runs. */
export interface FakeHubFaults {
  /** Answer range requests with 200 and the whole file. */
  ignoreRange: boolean;
  /** Send a Content-Range that starts one byte later than requested. */
  wrongContentRange: boolean;
  /** Answer this many more requests with 429 and `Retry-After: retryAfterSeconds`. */
  rateLimited: number;
  retryAfterSeconds: number;
  /** Answer this many more requests with 503. */
  serverErrors: number;
  /**
   * Close this many more file bodies (direct or CDN) after `dropAfterBytes` bytes. This and the
   * other body faults skip bodies of `dropAfterBytes` bytes or fewer.
   */
  dropBodies: number;
  dropAfterBytes: number;
  /** Serve a changed entity tag for every file once this many file reads were answered. */
  changeEtagAfterReads: number | null;
  /** Reset the TCP connection (RST) of this many more file bodies after `dropAfterBytes` bytes. */
  resetBodies: number;
  /**
   * End this many more file bodies cleanly after `dropAfterBytes` bytes, sent chunked without a
   * Content-Length, so the client sees a complete response that is too short.
   */
  shortBodies: number;
  /** Return 416 Range Not Satisfiable to this many more file reads. */
  rangeNotSatisfiable: number;
  /** Hold this many more file reads for `stallMs` after `dropAfterBytes` bytes of the body. */
  stalledBodies: number;
  /** Hold this many more API requests (/api/models/…) for `stallMs` before any header. */
  stalledApiCalls: number;
  stallMs: number;
  /** Redirect /resolve/ (302) to the same URL, forever. */
  resolveLoop: boolean;
  /** Redirect this many more API requests (307) to the same URL. */
  apiRedirects: number;
  /** Answer API requests with a 307 to the same path and query on this origin, when set. */
  apiRedirectOrigin: string | null;
  /** Point the tree listing's next-page link at this origin, when set. */
  treeNextOrigin: string | null;
}

/** Returns the switches of a fake that behaves. */
export function noFaults(): FakeHubFaults {
  return {
    ignoreRange: false,
    wrongContentRange: false,
    rateLimited: 0,
    retryAfterSeconds: 0,
    serverErrors: 0,
    dropBodies: 0,
    dropAfterBytes: 0,
    changeEtagAfterReads: null,
    resetBodies: 0,
    shortBodies: 0,
    rangeNotSatisfiable: 0,
    stalledBodies: 0,
    stalledApiCalls: 0,
    stallMs: 0,
    resolveLoop: false,
    apiRedirects: 0,
    apiRedirectOrigin: null,
    treeNextOrigin: null,
  };
}

/** Bytes per chunk written to a response. */
const CHUNK_BYTES = 64 * 1024;

/** Returns file content served from bytes in memory. */
export function bufferContent(bytes: Uint8Array): FileContent {
  return {
    size: bytes.byteLength,
    *chunks(start, end) {
      for (let at = start; at < end; at += CHUNK_BYTES) {
        yield bytes.subarray(at, Math.min(end, at + CHUNK_BYTES));
      }
    },
  };
}

/**
 * Returns file content made of regions, each a block repeated to a length, so a file of hundreds
 * of MB costs only its blocks in memory.
 */
export function tiledContent(
  regions: readonly { block: Uint8Array; length: number }[],
): FileContent {
  const size = regions.reduce((sum, region) => sum + region.length, 0);
  return {
    size,
    *chunks(start, end) {
      let regionStart = 0;
      for (const region of regions) {
        const regionEnd = regionStart + region.length;
        const from = Math.max(start, regionStart);
        const to = Math.min(end, regionEnd);
        for (let at = from; at < to; ) {
          const inBlock = (at - regionStart) % region.block.byteLength;
          const take = Math.min(to - at, region.block.byteLength - inBlock, CHUNK_BYTES);
          yield region.block.subarray(inBlock, inBlock + take);
          at += take;
        }
        regionStart = regionEnd;
      }
    },
  };
}

function sha256Of(content: FileContent): string {
  const hash = createHash("sha256");
  for (const chunk of content.chunks(0, content.size)) hash.update(chunk);
  return hash.digest("hex");
}

function sha1Of(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

interface IndexedFile extends FakeFile {
  sha256: string;
  gitOid: string;
}

export class FakeHub {
  readonly requests: LoggedRequest[] = [];
  faults: FakeHubFaults = noFaults();
  /** Entries per page of a tree listing. */
  pageSize = 3;
  /** The token that grants access to private and gated repositories. */
  token = "hf_fakeToken0123456789";
  private readonly repos = new Map<string, FakeRepo>();
  private readonly files = new Map<string, Map<string, IndexedFile[]>>();
  private readonly blobs = new Map<string, IndexedFile>();
  /**
   * Bandwidth of the link shared by every file body of both servers, in bytes per second, or
   * null for no limit. Bodies are paced chunk by chunk, so concurrent requests share it.
   */
  bytesPerSecond: number | null = null;
  /** Bytes of file bodies sent so far. */
  bytesServed = 0;
  /** Delay before the reply to each file read, in milliseconds: a round trip to a distant server. */
  latencyMs = 0;
  /** Max file reads (Hub and CDN) open at once so far, counted from arrival to the response's end. */
  maxFileReadsInFlight = 0;
  private fileReadsInFlight = 0;
  private linkFreeAt = 0;
  private fileReads = 0;
  private readonly stalled = new Set<NodeJS.Timeout>();
  private hub!: http.Server;
  private cdn!: http.Server;

  /** Adds a repository; LFS oids are computed from the content. */
  addRepo(repo: FakeRepo): void {
    this.repos.set(repo.id, repo);
    const byCommit = new Map<string, IndexedFile[]>();
    for (const [commit, files] of Object.entries(repo.commits)) {
      const indexed = files.map((file) => {
        const sha256 = sha256Of(file.content);
        const entry: IndexedFile = { ...file, sha256, gitOid: sha1Of(`${commit}:${file.path}`) };
        if (file.lfs) this.blobs.set(sha256, entry);
        return entry;
      });
      byCommit.set(commit, indexed);
    }
    this.files.set(repo.id, byCommit);
  }

  /** Returns the LFS SHA-256 that the listing gives for a file. */
  sha256(repoId: string, commit: string, path: string): string {
    const file = this.files
      .get(repoId)
      ?.get(commit)
      ?.find((entry) => entry.path === path);
    if (!file) throw new Error(`no file ${path} in ${repoId}@${commit}`);
    return file.sha256;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.hub.address() as AddressInfo).port}`;
  }

  /** File reads answered so far (Hub and CDN), faults with a body included. */
  get fileReadCount(): number {
    return this.fileReads;
  }

  get cdnOrigin(): string {
    return `http://127.0.0.1:${(this.cdn.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.hub = http.createServer((request, response) => this.handleHub(request, response));
    this.cdn = http.createServer((request, response) => this.handleCdn(request, response));
    await Promise.all([listen(this.hub), listen(this.cdn)]);
  }

  async stop(): Promise<void> {
    for (const timer of this.stalled) clearTimeout(timer);
    this.hub.closeAllConnections();
    this.cdn.closeAllConnections();
    await Promise.all([close(this.hub), close(this.cdn)]);
  }

  resetLog(): void {
    this.requests.length = 0;
  }

  private log(server: "hub" | "cdn", request: http.IncomingMessage, status: number): void {
    this.requests.push({
      server,
      method: request.method ?? "GET",
      url: request.url ?? "",
      range: request.headers.range ?? null,
      authorization: request.headers.authorization ?? null,
      headers: JSON.stringify(request.headers),
      status,
    });
  }

  private send(
    server: "hub" | "cdn",
    request: http.IncomingMessage,
    response: http.ServerResponse,
    status: number,
    headers: Record<string, string>,
    body?: string,
  ): void {
    this.log(server, request, status);
    response.writeHead(status, headers);
    response.end(body);
  }

  /** Answers a planned fault, or returns false. */
  private injectFault(
    server: "hub" | "cdn",
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): boolean {
    if (this.faults.rateLimited > 0) {
      this.faults.rateLimited--;
      this.send(
        server,
        request,
        response,
        429,
        {
          "Retry-After": String(this.faults.retryAfterSeconds),
          "Content-Type": "application/json",
        },
        JSON.stringify({ error: "Too many requests" }),
      );
      return true;
    }
    if (this.faults.serverErrors > 0) {
      this.faults.serverErrors--;
      this.send(server, request, response, 503, { "Content-Type": "text/plain" }, "unavailable");
      return true;
    }
    return false;
  }

  private notFound(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    code: "RepoNotFound" | "RevisionNotFound" | "EntryNotFound",
  ): void {
    this.send(
      "hub",
      request,
      response,
      404,
      {
        "X-Error-Code": code,
        "Content-Type": "application/json",
      },
      JSON.stringify({ error: `${code.replace(/([a-z])([A-Z])/g, "$1 $2")}` }),
    );
  }

  /** Checks access; answers 401 or 403 and returns false when denied. */
  private allowed(
    repo: FakeRepo,
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): boolean {
    if (!repo.private && !repo.gated) return true;
    const granted = request.headers.authorization === `Bearer ${this.token}`;
    if (granted) return true;
    if (repo.gated && request.headers.authorization !== undefined) {
      this.send(
        "hub",
        request,
        response,
        403,
        {
          "X-Error-Code": "GatedRepo",
          "Content-Type": "application/json",
        },
        JSON.stringify({ error: "Access to this repository is restricted." }),
      );
      return false;
    }
    this.send(
      "hub",
      request,
      response,
      401,
      {
        "X-Error-Code": repo.gated ? "GatedRepo" : "RepoNotFound",
        "Content-Type": "application/json",
      },
      JSON.stringify({ error: "Repository not found" }),
    );
    return false;
  }

  /** Splits `REV/REST` where REV may contain raw slashes or be percent-encoded. */
  private splitRevision(repo: FakeRepo, text: string): { commit: string; rest: string } | null {
    const names = [...Object.keys(repo.refs), ...Object.keys(repo.commits)].sort(
      (a, b) => b.length - a.length,
    );
    for (const name of names) {
      for (const form of [name, encodeURIComponent(name)]) {
        if (text === form || text.startsWith(`${form}/`)) {
          const commit = repo.refs[name] ?? name;
          return { commit, rest: text.slice(form.length + 1) };
        }
      }
    }
    return null;
  }

  /** Answers a planned redirect of an API call, or stalls one first; returns true if answered. */
  private apiFault(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    url: URL,
  ): boolean {
    if (this.faults.apiRedirects > 0) {
      this.faults.apiRedirects--;
      this.send("hub", request, response, 307, { Location: `${url.pathname}${url.search}` });
      return true;
    }
    if (this.faults.apiRedirectOrigin !== null) {
      this.send("hub", request, response, 307, {
        Location: `${this.faults.apiRedirectOrigin}${url.pathname}${url.search}`,
      });
      return true;
    }
    if (this.faults.stalledApiCalls > 0) {
      this.faults.stalledApiCalls--;
      const timer = setTimeout(() => {
        this.stalled.delete(timer);
        this.handleHub(request, response);
      }, this.faults.stallMs);
      this.stalled.add(timer);
      return true;
    }
    return false;
  }

  private handleHub(request: http.IncomingMessage, response: http.ServerResponse): void {
    if (this.injectFault("hub", request, response)) return;
    const url = new URL(request.url ?? "/", this.endpoint);
    const cached = /^\/api\/resolve-cache\/models\/([^/]+\/[^/]+)\/([0-9a-f]{40})\/(.*)$/.exec(
      url.pathname,
    );
    if (cached) {
      this.serveCached(
        request,
        response,
        cached[1] as string,
        cached[2] as string,
        cached[3] as string,
      );
      return;
    }
    if (url.pathname.startsWith("/api/models/") && this.apiFault(request, response, url)) return;
    const api = /^\/api\/models\/([^/]+\/[^/]+)\/(revision|tree)\/(.*)$/.exec(url.pathname);
    const file = /^\/([^/]+\/[^/]+)\/(resolve|raw)\/(.*)$/.exec(url.pathname);
    const repoId = api?.[1] ?? file?.[1];
    const repo = repoId === undefined ? undefined : this.repos.get(repoId);
    if (repo === undefined) {
      this.notFound(request, response, "RepoNotFound");
      return;
    }
    if (!this.allowed(repo, request, response)) return;
    const revisionAndPath = (api?.[3] ?? file?.[3]) as string;
    const split = this.splitRevision(repo, revisionAndPath);
    if (split === null) {
      this.notFound(request, response, "RevisionNotFound");
      return;
    }
    const files = this.files.get(repo.id)?.get(split.commit) ?? [];
    if (api?.[2] === "revision") {
      this.send(
        "hub",
        request,
        response,
        200,
        { "Content-Type": "application/json" },
        JSON.stringify({
          _id: sha1Of(repo.id).slice(0, 24),
          id: repo.id,
          sha: split.commit,
          private: repo.private === true,
          gated: repo.gated === true ? "manual" : false,
          downloads: 0,
          likes: 0,
          lastModified: "2026-01-01T00:00:00.000Z",
          pipeline_tag: null,
        }),
      );
      return;
    }
    if (api?.[2] === "tree") {
      this.listTree(request, response, url, files, decodeURIComponent(split.rest));
      return;
    }
    const path = split.rest.split("/").map(decodeURIComponent).join("/");
    const entry = files.find((candidate) => candidate.path === path);
    if (entry === undefined) {
      this.notFound(request, response, "EntryNotFound");
      return;
    }
    if (file?.[2] === "raw") {
      this.serveFile("hub", request, response, entry, {
        "X-Repo-Commit": split.commit,
        ETag: `"${this.etagOf(entry.gitOid)}"`,
      });
      return;
    }
    if (this.faults.resolveLoop) {
      this.send("hub", request, response, 302, { Location: url.pathname + url.search });
      return;
    }
    if (!entry.lfs) {
      // As the Hub does for git files: a relative redirect to a commit-pinned cache URL.
      const cachePath = `/api/resolve-cache/models/${repo.id}/${split.commit}/${split.rest}`;
      this.send("hub", request, response, 307, {
        Location: `${cachePath}?etag=%22${entry.gitOid}%22`,
        "X-Repo-Commit": split.commit,
        "Accept-Ranges": "bytes",
      });
      return;
    }
    this.send("hub", request, response, 302, {
      Location: `${this.cdnOrigin}/blobs/${entry.sha256}?Expires=9999999999&Signature=fake`,
      "X-Repo-Commit": split.commit,
      "X-Linked-Size": String(entry.content.size),
      "X-Linked-ETag": `"${this.etagOf(entry.sha256)}"`,
      ETag: `"${entry.gitOid}"`,
    });
  }

  private serveCached(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    repoId: string,
    commit: string,
    encodedPath: string,
  ): void {
    const path = encodedPath.split("/").map(decodeURIComponent).join("/");
    const entry = this.files
      .get(repoId)
      ?.get(commit)
      ?.find((candidate) => candidate.path === path);
    if (entry === undefined) {
      this.notFound(request, response, "EntryNotFound");
      return;
    }
    this.serveFile("hub", request, response, entry, {
      "X-Repo-Commit": commit,
      ETag: `"${this.etagOf(entry.gitOid)}"`,
    });
  }

  private etagOf(value: string): string {
    const limit = this.faults.changeEtagAfterReads;
    return limit !== null && this.fileReads >= limit ? `${value}-changed` : value;
  }

  private listTree(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    url: URL,
    files: readonly IndexedFile[],
    folder: string,
  ): void {
    const prefix = folder === "" ? "" : `${folder}/`;
    const recursive = url.searchParams.get("recursive") === "true";
    const inFolder = files.filter((entry) => entry.path.startsWith(prefix));
    if (folder !== "" && inFolder.length === 0) {
      this.notFound(request, response, "EntryNotFound");
      return;
    }
    const entries: Record<string, unknown>[] = [];
    const folders = new Set<string>();
    for (const entry of inFolder) {
      const rest = entry.path.slice(prefix.length);
      if (!recursive && rest.includes("/")) {
        folders.add(prefix + (rest.split("/")[0] as string));
        continue;
      }
      entries.push({
        type: "file",
        oid: entry.lfs ? sha1Of(`pointer:${entry.sha256}`) : entry.gitOid,
        size: entry.lfs ? 134 : entry.content.size,
        path: entry.path,
        ...(entry.lfs
          ? { lfs: { oid: entry.sha256, size: entry.content.size, pointerSize: 134 } }
          : {}),
      });
    }
    for (const path of folders)
      entries.push({ type: "directory", oid: sha1Of(path), size: 0, path });
    const cursor = Number(url.searchParams.get("cursor") ?? "0");
    const page = entries.slice(cursor, cursor + this.pageSize);
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (cursor + this.pageSize < entries.length) {
      const next = new URL(url.href);
      next.searchParams.set("cursor", String(cursor + this.pageSize));
      if (this.faults.treeNextOrigin !== null) {
        const other = new URL(this.faults.treeNextOrigin);
        next.protocol = other.protocol;
        next.host = other.host;
      }
      headers.Link = `<${next.href}>; rel="next"`;
    }
    this.send("hub", request, response, 200, headers, JSON.stringify(page));
  }

  private handleCdn(request: http.IncomingMessage, response: http.ServerResponse): void {
    if (this.injectFault("cdn", request, response)) return;
    const match = /^\/blobs\/([0-9a-f]{64})$/.exec(
      new URL(request.url ?? "/", this.cdnOrigin).pathname,
    );
    const entry = match ? this.blobs.get(match[1] as string) : undefined;
    if (entry === undefined) {
      this.send("cdn", request, response, 404, { "Content-Type": "text/plain" }, "no such blob");
      return;
    }
    this.serveFile("cdn", request, response, entry, { ETag: `"cdn-${entry.sha256.slice(0, 16)}"` });
  }

  /** Serves a file read after `latencyMs`, and counts the reads open at once. */
  private serveFile(
    server: "hub" | "cdn",
    request: http.IncomingMessage,
    response: http.ServerResponse,
    entry: IndexedFile,
    extraHeaders: Record<string, string>,
  ): void {
    this.fileReadsInFlight++;
    this.maxFileReadsInFlight = Math.max(this.maxFileReadsInFlight, this.fileReadsInFlight);
    response.on("close", () => this.fileReadsInFlight--);
    if (this.latencyMs === 0) {
      this.answerFileRead(server, request, response, entry, extraHeaders);
      return;
    }
    const timer = setTimeout(() => {
      this.stalled.delete(timer);
      if (!response.destroyed) this.answerFileRead(server, request, response, entry, extraHeaders);
    }, this.latencyMs);
    this.stalled.add(timer);
  }

  /** Serves a file read: 206 for a satisfiable Range, 200 for a whole-file GET or HEAD. */
  private answerFileRead(
    server: "hub" | "cdn",
    request: http.IncomingMessage,
    response: http.ServerResponse,
    entry: IndexedFile,
    extraHeaders: Record<string, string>,
  ): void {
    const size = entry.content.size;
    const headers: Record<string, string> = {
      "Accept-Ranges": "bytes",
      "Content-Type": "application/octet-stream",
      ...extraHeaders,
    };
    const range = /^bytes=(\d+)-(\d+)?$/.exec(request.headers.range ?? "");
    let start = 0;
    let end = size;
    let status = 200;
    if (this.faults.rangeNotSatisfiable > 0) {
      this.faults.rangeNotSatisfiable--;
      this.send(server, request, response, 416, { "Content-Range": `bytes */${size}` });
      return;
    }
    if (range && !this.faults.ignoreRange) {
      start = Number(range[1]);
      end = range[2] === undefined ? size : Math.min(size, Number(range[2]) + 1);
      if (start >= size || end <= start) {
        this.send(server, request, response, 416, { "Content-Range": `bytes */${size}` });
        return;
      }
      status = 206;
      const shownStart = this.faults.wrongContentRange ? start + 1 : start;
      headers["Content-Range"] = `bytes ${shownStart}-${end - 1}/${size}`;
    }
    headers["Content-Length"] = String(end - start);
    const limit = this.faults.dropAfterBytes;
    // Body faults apply to bodies longer than dropAfterBytes only, which leaves size probes alone.
    const cuttable = request.method !== "HEAD" && end - start > limit;
    const short = cuttable && this.faults.shortBodies > 0;
    if (short) {
      this.faults.shortBodies--;
      delete headers["Content-Length"];
    }
    this.fileReads++;
    this.log(server, request, status);
    response.writeHead(status, headers);
    if (request.method === "HEAD") {
      response.end();
      return;
    }
    const writePrefix = () => {
      for (const chunk of truncated(entry.content.chunks(start, end), limit)) response.write(chunk);
    };
    if (short) {
      writePrefix();
      response.end();
      return;
    }
    if (cuttable && this.faults.resetBodies > 0) {
      this.faults.resetBodies--;
      writePrefix();
      // Lets the bytes written so far reach the client before the reset.
      setTimeout(() => response.socket?.resetAndDestroy(), 20);
      return;
    }
    if (cuttable && this.faults.stalledBodies > 0) {
      this.faults.stalledBodies--;
      writePrefix();
      const timer = setTimeout(() => {
        this.stalled.delete(timer);
        if (response.destroyed) return;
        for (const chunk of entry.content.chunks(Math.min(end, start + limit), end)) {
          response.write(chunk);
        }
        response.end();
      }, this.faults.stallMs);
      this.stalled.add(timer);
      return;
    }
    let body = Readable.from(this.paced(entry.content.chunks(start, end)), { objectMode: false });
    if (cuttable && this.faults.dropBodies > 0) {
      this.faults.dropBodies--;
      body = Readable.from(truncated(entry.content.chunks(start, end), this.faults.dropAfterBytes));
      body.on("end", () => response.destroy());
      body.pipe(response, { end: false });
      return;
    }
    body.pipe(response);
  }

  /** Yields `chunks`, each once the shared link (bytesPerSecond) has had time to carry it. */
  private async *paced(chunks: Iterable<Uint8Array>): AsyncIterable<Uint8Array> {
    for (const chunk of chunks) {
      this.bytesServed += chunk.byteLength;
      const rate = this.bytesPerSecond;
      if (rate !== null) {
        const now = performance.now();
        this.linkFreeAt = Math.max(now, this.linkFreeAt) + (1000 * chunk.byteLength) / rate;
        if (this.linkFreeAt - now >= 1) await sleep(this.linkFreeAt - now);
      }
      yield chunk;
    }
  }
}

/** Resolves after `ms` milliseconds. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function* truncated(chunks: Iterable<Uint8Array>, limit: number): Iterable<Uint8Array> {
  let sent = 0;
  for (const chunk of chunks) {
    if (sent >= limit) return;
    const piece = chunk.subarray(0, Math.min(chunk.byteLength, limit - sent));
    sent += piece.byteLength;
    yield piece;
  }
}

function listen(server: http.Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Returns a fake 40-hex commit sha derived from a label. */
export function fakeCommit(label: string): string {
  return sha1Of(`commit:${label}`);
}
