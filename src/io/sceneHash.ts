/**
 * A stable fingerprint of a resolved scene, stored in checkpoints and run.json so a resume can check
 * it continues the same problem. SHA-256 (WebCrypto, in browsers and Node alike) of the canonical
 * JSON: object keys sorted recursively, no whitespace, numbers in shortest round-trip form. Key
 * order and formatting of the scene file therefore do not change the hash; any value does.
 */

/** Canonical JSON text of a JSON-compatible value (throws on values JSON cannot hold). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`canonical JSON: ${value} is not a JSON number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonical JSON: cannot encode a ${typeof value}`);
}

/** "sha256:" + hex digest of the canonical JSON of `scene`. */
export async function sceneHash(scene: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(scene)));
  return `sha256:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
