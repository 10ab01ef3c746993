import { describe, expect, it } from 'vitest';
import { decodeLinkFragment, encodeLinkFragment } from '../../../src/viewport/sceneLink.ts';

describe('scene links', () => {
  it('names an unmodified bundled scene', () => {
    const fragment = encodeLinkFragment({ scene: 'pfhub-bm1a', view: 'c', stepsPerFrame: 20 });
    expect(fragment).toBe('#scene=pfhub-bm1a&view=c&spf=20');
    expect(decodeLinkFragment(fragment)).toEqual({ scene: 'pfhub-bm1a', view: 'c', stepsPerFrame: 20 });
  });
  it('embeds any other scene, non-ASCII text included, and round-trips it exactly', () => {
    const json = { name: 'Ω-platelet ⟨c⟩', grid: { cells: [64, 32], size: [1e-7, 5e-8] }, note: 'x'.repeat(70000) };
    const fragment = encodeLinkFragment({ json, view: 'c-deviation' });
    expect(fragment.slice('#json='.length).split('&')[0]).toMatch(/^[A-Za-z0-9_-]+$/); // base64url: nothing to escape
    expect(decodeLinkFragment(fragment)).toEqual({ json, view: 'c-deviation' });
  });
  it('ignores bad step counts and reports a damaged scene', () => {
    expect(decodeLinkFragment('#scene=a&spf=-3')).toEqual({ scene: 'a' });
    expect(decodeLinkFragment('#scene=a&spf=auto')).toEqual({ scene: 'a', stepsPerFrame: 'auto' });
    expect(decodeLinkFragment('')).toEqual({});
    expect(() => decodeLinkFragment('#json=%%%')).toThrow(/could not be decoded/);
  });
});
