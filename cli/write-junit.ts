import { escapeControlCharacters } from '../model/escape-control-characters.js';
import { renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export interface JunitReport {
  readonly suite: string;
  readonly properties: readonly string[];
  readonly violations: readonly { property: string; trace: string; message: string }[];
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
 * replaced atomically (a temporary file, then rename).
 */
export function writeJunit(path: string, report: JunitReport): void {
  const failures = report.properties.filter((property) => report.violations.some((v) => v.property === property)).length;
  const seconds = (report.durationMs / 1000).toFixed(3);
  const cases = report.properties.map((property) => {
    const violation = report.violations.find((v) => v.property === property);
    const body = violation === undefined ? '' : `\n      <failure message="${escapeXml(violation.message)}" type="${escapeXml(property)}">trace: ${escapeXml(violation.trace)}\nreplay: npx faultline replay ${escapeXml(violation.trace)}</failure>\n    `;
    return `    <testcase classname="${escapeXml(report.suite)}" name="${escapeXml(property)}" time="${seconds}">${body}</testcase>`;
  });
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${report.properties.length}" failures="${failures}">\n  <testsuite name="${escapeXml(report.suite)}" tests="${report.properties.length}" failures="${failures}" time="${seconds}">\n    <properties><property name="runs" value="${report.runs}"/></properties>\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, xml);
  renameSync(temporary, path);
}
