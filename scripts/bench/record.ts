/**
 * docs/benchmarks.md: an introduction, then one section per run, newest first. A new run is added
 * on top and the oldest runs beyond KEPT_RUNS are dropped, so runs on other machines stay on the
 * page next to the current one.
 */

/** Heading that starts the section of a run. */
export const RUN_HEADING = "## Run of ";
/** Runs kept on the page, the new one included. */
export const KEPT_RUNS = 6;

/** Returns the run sections of a page, newest first, each starting with RUN_HEADING. */
export function runSections(page: string): string[] {
  const sections: string[] = [];
  let at = page.startsWith(RUN_HEADING) ? 0 : page.indexOf(`\n${RUN_HEADING}`);
  while (at !== -1) {
    const start = page[at] === "\n" ? at + 1 : at;
    const next = page.indexOf(`\n${RUN_HEADING}`, start);
    sections.push(page.slice(start, next === -1 ? undefined : next).trimEnd());
    at = next;
  }
  return sections;
}

/** Returns the page with `run` on top of the runs of `existing` (null when there is no page yet). */
export function pageWithRun(existing: string | null, intro: string, run: string): string {
  const earlier = existing === null ? [] : runSections(existing);
  return `${[intro.trimEnd(), run.trimEnd(), ...earlier.slice(0, KEPT_RUNS - 1)].join("\n\n")}\n`;
}
