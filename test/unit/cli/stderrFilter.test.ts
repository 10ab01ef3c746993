/**
 * bin/hooks/stderr-filter.mjs (issue #25): Dawn's adapter-limit notes are dropped from the child's
 * stderr however the pipe splits them; every other byte passes, in order, and a progress bar (\r, no
 * newline) is not held back.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module without types (bin/ runs before tsx is loaded)
import { dawnNoteFilter } from '../../../bin/hooks/stderr-filter.mjs';

const NOTE_U = 'Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.\n';
const NOTE_S = 'Warning: maxDynamicStorageBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.\n';

function filterInPieces(text: string, cuts: number[]): { out: string; writes: string[] } {
  const writes: string[] = [];
  const f = dawnNoteFilter((s: string) => writes.push(s));
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    f.push(text.slice(at, cut));
    at = cut;
  }
  f.end();
  return { out: writes.join(''), writes };
}

describe("Dawn's notes filter", () => {
  const ours = 'warning: thermal: Biot number 0.5 > 0.1\nWarning: maxBuffer is a made-up line of another kind\n\r███░░░ 25% | step 400\r██████ 50% | step 800\ndone: 10 steps\n';
  const text = NOTE_U + NOTE_S + ours;

  it('drops exactly the two notes, whole or cut at any byte', () => {
    expect(filterInPieces(text, []).out).toBe(ours);
    for (let cut = 0; cut <= text.length; cut += 7) expect(filterInPieces(text, [cut, cut + 3]).out, `cut at ${cut}`).toBe(ours);
  });

  it('passes a progress bar at once and holds only what may still become a note', () => {
    const writes: string[] = [];
    const f = dawnNoteFilter((s: string) => writes.push(s));
    f.push('\r██░░ 10%');
    expect(writes.join('')).toBe('\r██░░ 10%');
    f.push('\nWarning: maxDyn');
    expect(writes.join('')).toBe('\r██░░ 10%\n'); // held: could be a note
    f.push('amicStorage... something else entirely\n');
    expect(writes.join('')).toBe('\r██░░ 10%\nWarning: maxDynamicStorage... something else entirely\n');
    f.push('Warn');
    f.end();
    expect(writes.join('').endsWith('Warn')).toBe(true);
  });
});
