/**
 * A fake of the GitHub REST API endpoints the action calls, on 127.0.0.1. It keeps issue comments
 * in memory, pages them with absolute `Link` headers the way api.github.com does (through the
 * `/repositories/{id}/...` form), records every request, and replies with injected faults.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or null when there was none. */
  body: unknown;
}

export interface FakeUser {
  login: string;
  type: "Bot" | "User";
}

export interface FakeComment {
  id: number;
  issueNumber: number;
  body: string;
  user: FakeUser;
  created_at: string;
}

/** A canned response for the next requests that match. */
export interface Fault {
  method: string;
  /** Matches the request path (without the query). */
  path: RegExp;
  /** Requests that get this response before it is used up. */
  times: number;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Delay before the response, in milliseconds. */
  delayMs?: number;
  /**
   * Carry out the request before sending the fault's response, as when GitHub did the work and
   * the response was lost or replaced by a gateway error.
   */
  applied?: boolean;
}

export const GITHUB_ACTIONS_BOT: FakeUser = { login: "github-actions[bot]", type: "Bot" };

/** GitHub's maximum comment body, in characters. */
const MAX_BODY_CHARS = 65_536;

const REPOSITORY_ID = 4242;
/** Id of the first comment after start or reset; each later comment takes the next integer. */
export const FIRST_COMMENT_ID = 1000;
const START_TIME = Date.UTC(2026, 0, 1);
const DEFAULT_PER_PAGE = 30;

export const FORK_MESSAGE = "Resource not accessible by integration";
export const SECONDARY_RATE_LIMIT_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  /** The token's user for GET /user; null answers 403 as for an installation token. */
  tokenUser?: FakeUser | null;
  /** Answer every write with 403 "Resource not accessible by integration", as on a fork. */
  readOnly?: boolean;
  /** When a comment is created, add an older one with the same body, as a parallel run would. */
  raceOnCreate?: boolean;
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly comments: FakeComment[] = [];
  readonly faults: Fault[] = [];
  readonly owner: string;
  readonly repo: string;
  tokenUser: FakeUser | null;
  readOnly: boolean;
  raceOnCreate: boolean;
  /** Called with each request before it is answered, for example to delete a comment first. */
  beforeRoute: ((request: RecordedRequest) => void) | null = null;
  private nextId = FIRST_COMMENT_ID;
  private clock = START_TIME;
  private server: Server | null = null;
  private baseUrl = "";

  constructor(options: FakeGitHubOptions = {}) {
    this.owner = options.owner ?? "octo-org";
    this.repo = options.repo ?? "model-repo";
    this.tokenUser = options.tokenUser ?? null;
    this.readOnly = options.readOnly ?? false;
    this.raceOnCreate = options.raceOnCreate ?? false;
  }

  get url(): string {
    return this.baseUrl;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ message: `fake GitHub failed: ${String(error)}` }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = null;
  }

  /** Clears the request log, the comments and the faults, keeping the server running. */
  reset(options: FakeGitHubOptions = {}): void {
    this.requests.length = 0;
    this.comments.length = 0;
    this.faults.length = 0;
    this.nextId = FIRST_COMMENT_ID;
    this.clock = START_TIME;
    this.tokenUser = options.tokenUser ?? null;
    this.readOnly = options.readOnly ?? false;
    this.raceOnCreate = options.raceOnCreate ?? false;
    this.beforeRoute = null;
  }

  /** Adds a comment as if posted earlier; returns it. */
  addComment(issueNumber: number, body: string, user: FakeUser): FakeComment {
    const comment = {
      id: this.nextId++,
      issueNumber,
      body,
      user,
      created_at: this.tick(),
    };
    this.comments.push(comment);
    return comment;
  }

  commentsOn(issueNumber: number): FakeComment[] {
    return this.comments.filter((comment) => comment.issueNumber === issueNumber);
  }

  /** Returns "METHOD /path?query" for each request, for exact comparisons. */
  requestLines(): string[] {
    return this.requests.map((request) => {
      const query = new URLSearchParams(request.query).toString();
      return `${request.method} ${request.path}${query === "" ? "" : `?${query}`}`;
    });
  }

  htmlUrl(comment: FakeComment): string {
    return `https://github.com/${this.owner}/${this.repo}/pull/${comment.issueNumber}#issuecomment-${comment.id}`;
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  private toApi(comment: FakeComment): Record<string, unknown> {
    return {
      id: comment.id,
      body: comment.body,
      user: { login: comment.user.login, type: comment.user.type },
      created_at: comment.created_at,
      updated_at: comment.created_at,
      html_url: this.htmlUrl(comment),
    };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.baseUrl);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const method = request.method ?? "GET";
    const body = text === "" ? null : (JSON.parse(text) as unknown);
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body,
    };
    this.requests.push(recorded);
    this.beforeRoute?.(recorded);

    const fault = this.faults.find(
      (candidate) =>
        candidate.times > 0 && candidate.method === method && candidate.path.test(url.pathname),
    );
    if (fault !== undefined) {
      fault.times--;
      if (fault.applied) this.route(method, url, body, discardResponse());
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      send(response, fault.status, fault.body ?? { message: "fault" }, fault.headers);
      return;
    }
    this.route(method, url, body, response);
  }

  private route(method: string, url: URL, body: unknown, response: ServerResponse): void {
    const repoPath = `/repos/${this.owner}/${this.repo}`;
    const listPath = new RegExp(
      `^(?:${repoPath}|/repositories/${REPOSITORY_ID})/issues/(\\d+)/comments$`,
    );
    const commentPath = new RegExp(`^${repoPath}/issues/comments/(\\d+)$`);
    const path = url.pathname;

    if (method === "GET" && path === "/user") {
      if (this.tokenUser === null) {
        send(response, 403, {
          message: FORK_MESSAGE,
          documentation_url: "https://docs.github.com/rest/users/users#get-the-authenticated-user",
        });
      } else {
        send(response, 200, { login: this.tokenUser.login, type: this.tokenUser.type });
      }
      return;
    }

    const list = path.match(listPath);
    if (list !== null && method === "GET") {
      this.listComments(Number(list[1]), url, response);
      return;
    }
    if (list !== null && method === "POST" && path.startsWith(repoPath)) {
      if (this.refuseWrite(response) || this.refuseLongBody(body, response)) return;
      const issueNumber = Number(list[1]);
      if (this.raceOnCreate) {
        this.addComment(issueNumber, (body as { body: string }).body, this.author());
      }
      const comment = this.addComment(issueNumber, (body as { body: string }).body, this.author());
      send(response, 201, this.toApi(comment));
      return;
    }

    const single = path.match(commentPath);
    if (single !== null) {
      const comment = this.comments.find((candidate) => candidate.id === Number(single[1]));
      if (method === "PATCH" || method === "DELETE") {
        if (this.refuseWrite(response)) return;
        if (comment === undefined) {
          send(response, 404, { message: "Not Found" });
          return;
        }
        if (method === "DELETE") {
          this.comments.splice(this.comments.indexOf(comment), 1);
          response.writeHead(204);
          response.end();
          return;
        }
        if (this.refuseLongBody(body, response)) return;
        comment.body = (body as { body: string }).body;
        send(response, 200, this.toApi(comment));
        return;
      }
    }
    send(response, 404, { message: "Not Found" });
  }

  private author(): FakeUser {
    return this.tokenUser ?? GITHUB_ACTIONS_BOT;
  }

  private listComments(issueNumber: number, url: URL, response: ServerResponse): void {
    const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? DEFAULT_PER_PAGE));
    const page = Number(url.searchParams.get("page") ?? 1);
    const all = this.commentsOn(issueNumber).sort((a, b) => a.id - b.id);
    const slice = all.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    const lastPage = Math.max(1, Math.ceil(all.length / perPage));
    if (page < lastPage) {
      const link = (target: number) =>
        `<${this.baseUrl}/repositories/${REPOSITORY_ID}/issues/${issueNumber}/comments?per_page=${perPage}&page=${target}>`;
      headers.link = `${link(page + 1)}; rel="next", ${link(lastPage)}; rel="last"`;
    }
    send(
      response,
      200,
      slice.map((comment) => this.toApi(comment)),
      headers,
    );
  }

  private refuseWrite(response: ServerResponse): boolean {
    if (!this.readOnly) return false;
    send(
      response,
      403,
      {
        message: FORK_MESSAGE,
        documentation_url: "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
        status: "403",
      },
      { "x-accepted-github-permissions": "issues=write; pull_requests=write" },
    );
    return true;
  }

  private refuseLongBody(body: unknown, response: ServerResponse): boolean {
    const text = (body as { body?: unknown } | null)?.body;
    if (typeof text === "string" && text.length <= MAX_BODY_CHARS) return false;
    send(response, 422, {
      message: "Validation Failed",
      errors: [
        {
          resource: "IssueComment",
          code: "custom",
          field: "body",
          message: `body is too long (maximum is ${MAX_BODY_CHARS} characters)`,
        },
      ],
      documentation_url: "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
      status: "422",
    });
    return true;
  }
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(JSON.stringify(body));
}

/** Returns a response object that drops what is written to it, for requests carried out silently. */
function discardResponse(): ServerResponse {
  const sink = {
    writeHead: () => sink,
    end: () => sink,
  };
  return sink as unknown as ServerResponse;
}
