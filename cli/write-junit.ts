import { escapeControlCharacters } from '../model/escape-control-characters.js';
import { writeNewFileAtomic } from '../traces/write-new-file.js';

export interface JunitReport {
  readonly suite: string;
  readonly properties: readonly string[];
  readonly violations: readonly { property: string; trace: string | null; message: string }[];
  readonly durationMs: number;
  readonly runs: number;
}

/** Escapes markup, and writes control characters (which XML 1.0 forbids, and which a message may quote from input) as `\uXXXX`. */
function escapeXml(text: string): string {
  return escapeControlCharacters(text, '\n\t').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * Writes a JUnit XML report with one test case per property, so that CI
 * systems show which property failed and where its trace is. The report is
 * written atomically and never over an existing file.
 */
export function writeJunit(path: string, report: JunitReport): void {
  const failures = report.properties.filter((property) => report.violations.some((v) => v.property === property)).length;
  const seconds = (report.durationMs / 1000).toFixed(3);
  const cases = report.properties.map((property) => {
    const violation = report.violations.find((v) => v.property === property);
    const where = violation?.trace === null || violation?.trace === undefined ? 'trace: not written' : `trace: ${escapeXml(violation.trace)}\nreplay: npx faultline replay ${escapeXml(violation.trace)}`;
    const body = violation === undefined ? '' : `\n      <failure message="${escapeXml(violation.message)}" type="${escapeXml(property)}">${where}</failure>\n    `;
    return `    <testcase classname="${escapeXml(report.suite)}" name="${escapeXml(property)}" time="${seconds}">${body}</testcase>`;
  });
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${report.properties.length}" failures="${failures}">\n  <testsuite name="${escapeXml(report.suite)}" tests="${report.properties.length}" failures="${failures}" time="${seconds}">\n    <properties><property name="runs" value="${report.runs}"/></properties>\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
  writeNewFileAtomic(path, xml);
}
